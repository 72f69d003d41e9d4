using BiasApp.Accounts;
using Microsoft.AspNetCore.Http.Metadata;

namespace BiasApp.Api;

/// <summary>The words in ProblemDetails bodies that the framework writes without any (401, 403).</summary>
internal static class ApiProblems
{
    /// <summary>
    /// A 401 says why (<c>reason</c> and <c>detail</c>: the refusal the API-key handler left in <see cref="HttpContext.Items"/>,
    /// else no key and no session); a 403 says what is missing.
    /// </summary>
    public static void Customize(ProblemDetailsContext context)
    {
        var problem = context.ProblemDetails;
        if (problem.Detail is not null) return;
        if (problem.Status == StatusCodes.Status401Unauthorized)
        {
            var refusal = context.HttpContext.Items[typeof(ApiKeyRefusal)] as ApiKeyRefusal ?? ApiKeyRefusal.Missing;
            problem.Detail = refusal.Message;
            problem.Extensions["reason"] = refusal.Reason;
        }
        else if (problem.Status == StatusCodes.Status403Forbidden)
        {
            problem.Detail = "Your account does not have the role this endpoint needs (Admin).";
        }
    }

    /// <summary>
    /// The top-level field of a JSON body that its type does not have (System.Text.Json's <c>JsonUnmappedMemberHandling.Disallow</c>
    /// error, whose path ends at that field), with the fields the type does have; null for any other JSON error (a known
    /// field of the wrong type has a path too, but names an accepted field). Decided from the path, not the message, which
    /// may be localised.
    /// </summary>
    public static (string Field, IReadOnlyList<string> Accepted)? UnknownField(HttpContext context, System.Text.Json.JsonException exception)
    {
        var field = exception.Path switch
        {
            ['$', '.', .. var name] => name,
            ['$', '[', '\'', .. var name, '\'', ']'] => name,
            _ => null,
        };
        var accepted = AcceptedFields(context);
        return field is { Length: > 0 } && accepted.Count > 0 && !field.Contains('.') && !field.Contains('[')
            && !accepted.Contains(field, StringComparer.OrdinalIgnoreCase)
            ? (field, accepted) : null;
    }

    /// <summary>The JSON fields the endpoint's body type accepts; empty when unknown.</summary>
    private static IReadOnlyList<string> AcceptedFields(HttpContext context)
    {
        // The exception handler has cleared the request's endpoint; the feature keeps the one that threw.
        var endpoint = context.Features.Get<Microsoft.AspNetCore.Diagnostics.IExceptionHandlerFeature>()?.Endpoint ?? context.GetEndpoint();
        if (endpoint?.Metadata.GetMetadata<IAcceptsMetadata>()?.RequestType is not { } type) return [];
        var json = context.RequestServices.GetRequiredService<Microsoft.Extensions.Options.IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions>>().Value;
        return [.. json.SerializerOptions.GetTypeInfo(type).Properties.Select(p => p.Name)];
    }
}
