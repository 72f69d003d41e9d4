namespace BiasApp.Hosting;

/// <summary>
/// Deletes what is older than a retention period at start-up and then every hour, in a fresh scope each time; a failed
/// pass is logged and the next one runs as planned. A retention of 0 days keeps everything.
/// </summary>
internal abstract class HourlyTrim(IServiceScopeFactory scopes, TimeProvider clock, ILogger logger) : BackgroundService
{
    /// <summary>Days to keep; 0 turns trimming off.</summary>
    protected abstract int RetentionDays { get; }

    /// <summary>What is trimmed, for the log, e.g. "batch(es)".</summary>
    protected abstract string What { get; }

    /// <summary>Deletes what was made before <paramref name="cutoffUtc"/>; returns how many.</summary>
    protected abstract Task<int> TrimAsync(IServiceProvider services, DateTime cutoffUtc, CancellationToken cancellationToken);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (RetentionDays == 0) return;
        using var timer = new PeriodicTimer(TimeSpan.FromHours(1), clock);
        try
        {
            do
            {
                try
                {
                    using var scope = scopes.CreateScope();
                    var cutoff = clock.GetUtcNow().UtcDateTime.AddDays(-RetentionDays);
                    var deleted = await TrimAsync(scope.ServiceProvider, cutoff, stoppingToken);
                    if (deleted > 0) logger.LogInformation("Deleted {Count} {What} older than {Days} days", deleted, What, RetentionDays);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    logger.LogError(ex, "Trimming {What} failed", What);
                }
            }
            while (await timer.WaitForNextTickAsync(stoppingToken));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutdown (also a start-up that failed after this service started) is not a failure.
        }
    }
}
