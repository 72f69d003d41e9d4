using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;

namespace BiasApp.Usage;

/// <summary>429 answers: a <c>Retry-After</c> header in whole seconds and a ProblemDetails body.</summary>
internal static class UsageProblems
{
    public static ProblemHttpResult TooManyRequests(HttpContext context, TimeSpan retryAfter, string title, string detail)
    {
        var seconds = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds));
        context.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        return TypedResults.Problem(detail, statusCode: StatusCodes.Status429TooManyRequests, title: title,
            extensions: new Dictionary<string, object?> { ["retryAfterSeconds"] = seconds });
    }
}
