using System.Security.Claims;
using BiasApp.Core.Analysis;

namespace BiasApp.Usage;

/// <summary>Runs an analysis for the analysis page under the caller's limits and records it.</summary>
public interface IUsageMeter
{
    /// <summary>Applies rate limits and daily quotas, runs <paramref name="analyze"/> and records the outcome.</summary>
    /// <exception cref="UsageLimitExceededException">A limit refused the request; it has been recorded as rejected.</exception>
    Task<DocumentAnalysis> AnalyzeAsync(ClaimsPrincipal user, AnalysisRequest request,
        Func<AnalysisRequest, CancellationToken, Task<DocumentAnalysis>> analyze, CancellationToken cancellationToken = default);
}
