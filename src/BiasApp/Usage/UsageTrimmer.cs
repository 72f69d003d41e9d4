using BiasApp.Data;
using BiasApp.Core.Usage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace BiasApp.Usage;

/// <summary>
/// Deletes raw usage events older than <c>Usage:RetentionDays</c> and daily aggregates older than
/// <c>Usage:AggregateRetentionDays</c>, and quota reservations that expired (their request died with its process), at
/// start-up and then every <c>Usage:TrimInterval</c>. Today's data is never touched; a failed run is logged and the next one
/// still happens. Idempotent by construction (each run deletes what is older than a cut-off), so every replica may run it.
/// </summary>
public sealed class UsageTrimmer(UsageStore store, IOptionsMonitor<UsageOptions> options, TimeProvider time, ILogger<UsageTrimmer> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.CurrentValue.TrimInterval, time);
        try
        {
            do
            {
                try
                {
                    await TrimAsync(stoppingToken);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    logger.LogError(ex, "Trimming usage failed; the next run is in {Interval}", options.CurrentValue.TrimInterval);
                }
            }
            while (await timer.WaitForNextTickAsync(stoppingToken));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    /// <summary>One trimming run; returns the events and aggregates removed.</summary>
    public async Task<(int Events, int Days)> TrimAsync(CancellationToken cancellationToken = default)
    {
        var settings = options.CurrentValue;
        var now = time.GetUtcNow().UtcDateTime;
        var today = DateOnly.FromDateTime(now);
        // Both retentions are validated >= 1 day (also on reload), so today is never touched.
        var eventCutoff = now.AddDays(-settings.RetentionDays);
        var dayCutoff = today.AddDays(-settings.AggregateRetentionDays);

        var removed = await store.TrimAsync(eventCutoff, dayCutoff, now, cancellationToken);
        logger.LogInformation("Trimmed {Events} usage events before {EventCutoff:u} and {Days} daily aggregates before {DayCutoff:yyyy-MM-dd}",
            removed.Item1, eventCutoff, removed.Item2, dayCutoff);
        return (removed.Item1, removed.Item2);
    }
}
