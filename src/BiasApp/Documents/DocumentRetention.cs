using Microsoft.Extensions.Options;

namespace BiasApp.Documents;

/// <summary>Deletes documents older than <see cref="BiasApp.Core.Documents.DocumentsOptions.RetentionDays"/>: the stored analyses of API documents, at start-up and then every hour.</summary>
internal sealed class DocumentRetention(IServiceScopeFactory scopes, IOptions<BiasApp.Core.Documents.DocumentsOptions> options, TimeProvider clock, ILogger<DocumentRetention> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (options.Value.RetentionDays == 0) return;
        using var timer = new PeriodicTimer(TimeSpan.FromHours(1), clock);
        try
        {
            do
            {
                try
                {
                    using var scope = scopes.CreateScope();
                    var cutoff = clock.GetUtcNow().UtcDateTime.AddDays(-options.Value.RetentionDays);
                    var deleted = await scope.ServiceProvider.GetRequiredService<DocumentStore>().TrimAsync(cutoff, stoppingToken);
                    if (deleted > 0) logger.LogInformation("Deleted {Count} stored document(s) older than {Days} days", deleted, options.Value.RetentionDays);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    logger.LogError(ex, "Document retention failed");
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
