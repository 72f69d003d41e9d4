using System.Security.Claims;
using System.Threading.RateLimiting;
using BiasApp.Batches;
using BiasApp.Core.Analysis;
using BiasApp.Core.Explanations;
using BiasApp.Core.Usage;
using BiasApp.Data;

namespace BiasApp.Usage;

/// <summary>
/// The one admission path for analyses: the page (<see cref="IUsageMeter"/>, with its rate limits), the API filter
/// (<see cref="RunAsync{T}"/>; the API's rate limits run earlier, in the middleware) and batches (<see cref="IBatchUsageHook"/>:
/// every row counts against its owner's daily quota from upload on). Admit, run, record the outcome, release what was not
/// recorded.
/// </summary>
public sealed class UsageAdmission(QuotaGate quotas, UserLimits limits, UsageRateLimiter rateLimiter, TimeProvider time) : IUsageMeter, IBatchUsageHook
{
    /// <inheritdoc />
    public async Task<DocumentAnalysis> AnalyzeAsync(ClaimsPrincipal user, AnalysisRequest request,
        Func<AnalysisRequest, CancellationToken, Task<DocumentAnalysis>> analyze, CancellationToken cancellationToken = default)
    {
        var userId = user.FindFirstValue(ClaimTypes.NameIdentifier) ?? throw new InvalidOperationException("Analyses need a signed-in user.");
        var applied = limits.For(userId);
        using (var lease = await rateLimiter.AcquireAsync(new UsageSubject(userId, applied.RequestsPerMinute, applied.RequestsPerHour), cancellationToken))
        {
            if (!lease.IsAcquired)
            {
                var retryAt = time.GetUtcNow() + RetryAfter(lease);
                await quotas.RecordRejectedAsync(userId, UsageChannels.Ui, request.Explain, request.Text.Length);
                throw new UsageLimitExceededException(
                    $"You have sent too many analyses in a short time. Try again at {retryAt:HH:mm:ss} UTC.", retryAt);
            }
        }
        var (result, refusal) = await RunAsync(userId, UsageChannels.Ui, request.Explain, request.Text.Length,
            token => analyze(request, token), (analysis, _) => Measure(analysis), cancellationToken);
        return refusal is null ? result! : throw new UsageLimitExceededException(refusal.Message, refusal.RetryAt);
    }

    /// <summary>
    /// Admits one analysis under the daily quotas, runs <paramref name="run"/> and records what <paramref name="measure"/> says
    /// of its result and the time since admission (null: nothing to record, e.g. the input was refused, and the reservation is released). A refusal is
    /// returned, not thrown; a failure is recorded as an error and rethrown.
    /// </summary>
    public async Task<(T? Result, UsageRefusal? Refusal)> RunAsync<T>(string userId, string channel, ExplanationMode explain, int characters,
        Func<CancellationToken, Task<T>> run, Func<T, TimeSpan, UsageMeasure?> measure, CancellationToken cancellationToken)
    {
        await using var admission = await quotas.AdmitAsync(userId, channel, explain, characters, cancellationToken);
        if (admission.Refusal is { } refusal) return (default, refusal);
        try
        {
            var result = await run(cancellationToken);
            if (measure(result, admission.Elapsed) is { } recorded) await admission.RecordAsync(recorded);
            return (result, null);
        }
        catch (Exception ex) when (ex is not OperationCanceledException and not ArgumentException and not BadHttpRequestException)
        {
            await admission.RecordAsync(new UsageMeasure(UsageOutcomes.Error, 0, admission.Elapsed.TotalMilliseconds));
            throw;
        }
    }

    /// <summary>What an analysis records: its sentences and time.</summary>
    public static UsageMeasure Measure(DocumentAnalysis analysis) =>
        new(UsageOutcomes.Ok, analysis.Summary.SentenceCount, analysis.Summary.ElapsedMs);

    /// <summary>The wait a rate-limit lease asks for; a minute when it says none.</summary>
    public static TimeSpan RetryAfter(RateLimitLease lease) =>
        lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter) ? retryAfter : TimeSpan.FromMinutes(1);

    /// <inheritdoc />
    public async ValueTask<string?> CheckAsync(BiasDbContext db, string ownerId, int rows, CancellationToken cancellationToken) =>
        await quotas.CheckBatchAsync(db, ownerId, rows, cancellationToken);

    /// <inheritdoc />
    public async ValueTask<BatchQuota?> QuotaAsync(string ownerId, CancellationToken cancellationToken) =>
        await quotas.BatchQuotaAsync(ownerId, cancellationToken);

    /// <inheritdoc />
    public async ValueTask RecordAsync(BiasDbContext db, string ownerId, Guid batchId, int rows, CancellationToken cancellationToken) =>
        await quotas.RecordBatchRowsAsync(db, ownerId, rows, cancellationToken);
}
