using BiasApp.Core.Explanations;
using System.Globalization;
using System.Security.Claims;
using BiasApp.Analysis;
using BiasApp.Core.Analysis;
using BiasApp.Data;
using Microsoft.AspNetCore.Http.HttpResults;

namespace BiasApp.Usage;

/// <summary>Daily quotas and usage recording around <c>POST /api/v1/analyze</c>; rate limits run earlier, in the middleware.</summary>
internal sealed class UsageEndpointFilter(UsageMeter meter, TimeProvider time) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var request = context.Arguments.OfType<AnalyzeRequest>().FirstOrDefault();
        var userId = context.HttpContext.User.FindFirstValue(ClaimTypes.NameIdentifier);
        // Requests that cannot be an analysis (bad explain value) are answered by the handler's validation and not counted.
        if (request is null || userId is null || !ExplanationModes.TryParse(request.Explain, out var explain)) return await next(context);

        await using var admission = await meter.AdmitAsync(userId, UsageChannels.Api, explain, request.Text?.Length ?? 0, context.HttpContext.RequestAborted);
        if (admission.Refusal is { } refusal)
            return UsageProblems.TooManyRequests(context.HttpContext, refusal.RetryAt - time.GetUtcNow(), refusal.Title, refusal.Message);

        try
        {
            var result = await next(context);
            switch (result is INestedHttpResult nested ? nested.Result : result)
            {
                case IValueHttpResult { Value: DocumentAnalysis analysis }:
                    await admission.RecordAsync(UsageOutcomes.Ok, analysis.Summary.SentenceCount, analysis.Summary.ElapsedMs);
                    break;
                case IStatusCodeHttpResult { StatusCode: >= 500 }:
                    await admission.RecordAsync(UsageOutcomes.Error, 0, admission.Elapsed.TotalMilliseconds);
                    break;
            }
            return result;
        }
        catch (Exception ex) when (ex is not OperationCanceledException and not BadHttpRequestException)
        {
            await admission.RecordAsync(UsageOutcomes.Error, 0, admission.Elapsed.TotalMilliseconds);
            throw;
        }
    }
}

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
