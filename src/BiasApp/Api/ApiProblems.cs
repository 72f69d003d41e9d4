using System.Globalization;
using BiasApp.Accounts;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.Metadata;

namespace BiasApp.Api;

/// <summary>The words in ProblemDetails bodies that the framework writes without any (401, 403, 404, 405, 413, 415, 429).</summary>
internal static class ApiProblems
{
    /// <summary>RFC 6585's 429, which the framework's defaults give no <c>type</c>.</summary>
    public const string TooManyRequestsType = "https://tools.ietf.org/html/rfc6585#section-4";

    /// <summary>
    /// Every problem gets a <c>type</c>. One without a <c>detail</c> gets one: a validation problem repeats its errors' messages; a 401 says why (<c>reason</c> and <c>detail</c>:
    /// the refusal the API-key handler left in <see cref="HttpContext.Items"/>, else no key and no session); a 403 says what
    /// is missing; under <c>/api</c> a 404, 405, 413 or 415 says what to send instead.
    /// </summary>
    public static void Customize(ProblemDetailsContext context)
    {
        var problem = context.ProblemDetails;
        if (problem.Status == StatusCodes.Status429TooManyRequests) problem.Type ??= TooManyRequestsType;
        if (problem.Detail is not null) return;
        if (problem is HttpValidationProblemDetails { Errors.Count: > 0 } invalid)
        {
            // The field-keyed messages stay in errors; the detail repeats them for a client that shows only the detail.
            problem.Detail = string.Join(" ", invalid.Errors.SelectMany(e => e.Value));
        }
        else if (problem.Status == StatusCodes.Status401Unauthorized)
        {
            var refusal = context.HttpContext.Items[typeof(ApiKeyRefusal)] as ApiKeyRefusal ?? ApiKeyRefusal.Missing;
            problem.Detail = refusal.Message;
            problem.Extensions["reason"] = refusal.Reason;
        }
        else if (problem.Status == StatusCodes.Status403Forbidden)
        {
            problem.Detail = "Your account does not have the role this endpoint needs (Admin).";
        }
        else if (context.HttpContext.Request.Path.StartsWithSegments("/api"))
        {
            problem.Detail = ApiDetail(context.HttpContext, problem.Status);
        }
    }

    private static string? ApiDetail(HttpContext context, int? status)
    {
        var request = context.Request;
        return status switch
        {
            StatusCodes.Status404NotFound =>
                $"Nothing answers {request.Method} {request.Path}: check the address against the operations listed at {ApiExtensions.ReferencePath} (or /openapi/v1.json).",
            StatusCodes.Status405MethodNotAllowed =>
                $"{request.Path} does not take {request.Method}; it takes {AllowedMethods(context)}.",
            StatusCodes.Status413PayloadTooLarge => BodyLimit(context) is { } limit
                ? $"The request body is larger than {limit.ToString("N0", CultureInfo.InvariantCulture)} bytes, the most this endpoint accepts; send less."
                : "The request body is larger than this endpoint accepts; send less.",
            StatusCodes.Status415UnsupportedMediaType =>
                $"Send the body with Content-Type: {AcceptedContentTypes(context)}; this request's Content-Type is {(string.IsNullOrEmpty(request.ContentType) ? "missing" : $"'{request.ContentType}'")}.",
            _ => null,
        };
    }

    /// <summary>The media types the endpoint reads, as its metadata lists them (<c>Accepts</c>, or a JSON body parameter).</summary>
    private static string AcceptedContentTypes(HttpContext context) =>
        context.GetEndpoint()?.Metadata.GetMetadata<IAcceptsMetadata>()?.ContentTypes is { Count: > 0 } types ? string.Join(" or ", types) : "application/json";

    /// <summary>The router's 405 answer carries the path's methods in <c>Allow</c>.</summary>
    private static string AllowedMethods(HttpContext context) =>
        context.Response.Headers.Allow.ToString() is { Length: > 0 } allow ? string.Join(" or ", allow.Split(',', StringSplitOptions.TrimEntries)) : "another method";

    /// <summary>The body size limit the server applied to this request (Kestrel sets it from the endpoint's metadata), else the endpoint's own.</summary>
    private static long? BodyLimit(HttpContext context) =>
        context.Features.Get<IHttpMaxRequestBodySizeFeature>()?.MaxRequestBodySize
        ?? context.GetEndpoint()?.Metadata.GetMetadata<IRequestSizeLimitMetadata>()?.MaxRequestBodySize;

    /// <summary>
    /// Words for a JSON body the endpoint could not bind: none sent, JSON <c>null</c>, invalid JSON (naming the line and
    /// position, counted from 1) or a value of the wrong type (naming its field, line and position). Null when
    /// <paramref name="exception"/> is not about the body of an endpoint that reads JSON.
    /// </summary>
    public static (string Title, string Detail)? UnreadableBody(HttpContext context, BadHttpRequestException exception)
    {
        if (exception.StatusCode != StatusCodes.Status400BadRequest || AcceptedFields(context) is not { Count: > 0 } fields) return null;
        var example = $"{{\"{fields[0]}\": \"…\"}}";
        if (exception.InnerException is System.Text.Json.JsonException json)
        {
            var line = json.LineNumber + 1;
            // The reader's own errors (syntax) come wrapped, positioned at the offending byte (0-based).
            if (json.InnerException is System.Text.Json.JsonException)
                return ("Invalid JSON", $"The body is not valid JSON: the error is at line {line}, position {json.BytePositionInLine + 1}. " +
                    $"Check the syntax there (quotes, commas, brackets); send JSON like {example}.");
            // A converter's error is positioned just past the value it could not convert: at its last byte, counting from 1.
            var field = json.Path is ['$', '.', .. var name] && name.Length > 0 && !name.Contains('.') && !name.Contains('[') ? $"'{name}'" : null;
            return ("Invalid JSON", field is null
                ? $"The body must be a JSON object like {example}; the value near line {line}, position {json.BytePositionInLine} is not."
                : $"The value of {field} near line {line}, position {json.BytePositionInLine} has the wrong type: send JSON like {example}.");
        }
        if (exception.InnerException is not null) return null;
        var request = context.Request;
        var hasBody = request.ContentLength > 0 || (request.ContentLength is null && context.Features.Get<IHttpRequestBodyDetectionFeature>()?.CanHaveBody == true);
        return hasBody
            ? ("Missing body", $"The body is JSON null, not an object: send JSON like {example}.")
            : ("Missing body", $"The request has no body: send JSON like {example} with Content-Type: application/json.");
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
