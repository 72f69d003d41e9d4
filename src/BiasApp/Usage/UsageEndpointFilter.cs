using BiasApp.Core.Explanations;
using System.Security.Claims;
using BiasApp.Analysis;
using BiasApp.Core.Analysis;
using BiasApp.Data;

namespace BiasApp.Usage;

/// <summary>Daily quotas and usage recording around <c>POST /api/v1/analyze</c>; rate limits run earlier, in the middleware.</summary>
internal sealed class UsageEndpointFilter(UsageAdmission admission, TimeProvider time) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var request = context.Arguments.OfType<AnalyzeRequest>().FirstOrDefault();
        var userId = context.HttpContext.User.FindFirstValue(ClaimTypes.NameIdentifier);
        // Requests that cannot be an analysis (bad explain value) are answered by the handler's validation and not counted.
        if (request is null || userId is null || !ExplanationModes.TryParse(request.Explain, out var explain)) return await next(context);

        var (result, refusal) = await admission.RunAsync(userId, UsageChannels.Api, explain, request.Text?.Length ?? 0,
            _ => next(context).AsTask(), Measure, context.HttpContext.RequestAborted);
        return refusal is null ? result
            : UsageProblems.TooManyRequests(context.HttpContext, refusal.RetryAt - time.GetUtcNow(), refusal.Title, refusal.Message);
    }

    // An analysis is recorded; a server error counts as an error; a refused input (4xx) is not counted.
    private static UsageMeasure? Measure(object? result, TimeSpan elapsed) =>
        (result is INestedHttpResult nested ? nested.Result : result) switch
        {
            IValueHttpResult { Value: DocumentAnalysis analysis } => UsageAdmission.Measure(analysis),
            IStatusCodeHttpResult { StatusCode: >= 500 } => new UsageMeasure(UsageOutcomes.Error, 0, elapsed.TotalMilliseconds),
            _ => null,
        };
}
