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
    /// The member a body named that its type does not have, from System.Text.Json's <c>JsonUnmappedMemberHandling.Disallow</c>
    /// error (its path is <c>$.name</c>); null for any other JSON error.
    /// </summary>
    public static string? UnknownField(System.Text.Json.JsonException exception) =>
        exception.Message.Contains("could not be mapped to any .NET member", StringComparison.Ordinal) && exception.Path is { Length: > 2 } path
            ? path.StartsWith("$.", StringComparison.Ordinal) ? path[2..] : path
            : null;

    /// <summary>The JSON fields the endpoint's body type accepts, for the error message; empty when unknown.</summary>
    public static IReadOnlyList<string> AcceptedFields(HttpContext context)
    {
        // The exception handler has cleared the request's endpoint; the feature keeps the one that threw.
        var endpoint = context.Features.Get<Microsoft.AspNetCore.Diagnostics.IExceptionHandlerFeature>()?.Endpoint ?? context.GetEndpoint();
        if (endpoint?.Metadata.GetMetadata<IAcceptsMetadata>()?.RequestType is not { } type) return [];
        var json = context.RequestServices.GetRequiredService<Microsoft.Extensions.Options.IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions>>().Value;
        return [.. json.SerializerOptions.GetTypeInfo(type).Properties.Select(p => p.Name)];
    }
}
