using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Data.Sqlite;

namespace BiasApp.Api;

/// <summary>
/// Turns request-binding failures into 4xx ProblemDetails (an unknown JSON field: a 400 naming it; no body, or JSON that cannot
/// be read: a 400 showing what to send, with the line and position of the error), a busy, locked, read-only or full database into a 503 with
/// Retry-After, and anything else into a 500 ProblemDetails without internals.
/// </summary>
internal sealed class ApiExceptionHandler(IProblemDetailsService problemDetails, ILogger<ApiExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is BadHttpRequestException { InnerException: System.Text.Json.JsonException json } && ApiProblems.UnknownField(httpContext, json) is { } unknown)
            return await WriteUnknownFieldAsync(httpContext, exception, unknown.Field, unknown.Accepted);

        var (status, title, detail) = exception switch
        {
            BadHttpRequestException bad when ApiProblems.UnreadableBody(httpContext, bad) is { } body => (bad.StatusCode, body.Title, body.Detail),
            BadHttpRequestException bad => (bad.StatusCode, bad.StatusCode == StatusCodes.Status400BadRequest
                ? "Bad request" : ReasonPhrases.GetReasonPhrase(bad.StatusCode), bad.Message),
            _ when IsStorageUnavailable(exception) => (StatusCodes.Status503ServiceUnavailable, "Storage unavailable",
                "The database is busy, locked or not writable; nothing was saved for this request. Retry shortly."),
            _ => (StatusCodes.Status500InternalServerError, "Unexpected error", "The server could not complete the request."),
        };
        if (status == StatusCodes.Status503ServiceUnavailable)
        {
            logger.LogWarning("Database unavailable for {Path}: {Reason}", httpContext.Request.Path, exception.GetBaseException().Message);
            httpContext.Response.Headers.RetryAfter = "5";
        }
        else if (status >= 500) logger.LogError(exception, "Unhandled exception for {Path}", httpContext.Request.Path);

        httpContext.Response.StatusCode = status;
        return await problemDetails.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            Exception = exception,
            ProblemDetails = new ProblemDetails { Status = status, Title = title, Detail = detail },
        });
    }

    /// <summary>400 naming the field, with the fields the body may have, as a validation problem keyed by the field.</summary>
    private async ValueTask<bool> WriteUnknownFieldAsync(HttpContext httpContext, Exception exception, string field, IReadOnlyList<string> accepted)
    {
        var message = $"Unknown field '{field}'; the body accepts only: {string.Join(", ", accepted)}.";
        httpContext.Response.StatusCode = StatusCodes.Status400BadRequest;
        return await problemDetails.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            Exception = exception,
            ProblemDetails = new HttpValidationProblemDetails(new Dictionary<string, string[]> { [field] = [message] })
            {
                Status = StatusCodes.Status400BadRequest,
                Title = "Unknown field",
                Detail = message,
            },
        });
    }

    /// <summary>SQLITE_BUSY, SQLITE_LOCKED, SQLITE_READONLY, SQLITE_IOERR, SQLITE_FULL or SQLITE_CANTOPEN anywhere in the chain (EF wraps them).</summary>
    internal static bool IsStorageUnavailable(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
            if (e is SqliteException { SqliteErrorCode: 5 or 6 or 8 or 10 or 13 or 14 }) return true;
        return false;
    }
}
