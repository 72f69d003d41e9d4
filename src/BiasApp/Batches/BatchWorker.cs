using BiasApp.Core.Inference;
using System.Text.Json;
using BiasApp.Core.Batches;
using BiasApp.Core.Classification;
using BiasApp.Core.Segmentation;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace BiasApp.Batches;

/// <summary>
/// Runs queued batches one at a time, outside any page or request: reads a chunk of rows, scores it through the
/// process-wide classifier, saves it, and reports progress. Cancellation stops between (and inside) chunks.
/// </summary>
internal sealed class BatchWorker(
    IServiceScopeFactory scopes,
    BatchJobs jobs,
    ModelHost models,
    SentenceSegmenter segmenter,
    IOptions<BatchOptions> options,
    TimeProvider clock,
    ILogger<BatchWorker> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await foreach (var id in jobs.Queue.ReadAllAsync(stoppingToken))
            {
                await RunAsync(id, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    internal async Task RunAsync(Guid id, CancellationToken stoppingToken)
    {
        using var scope = scopes.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<BatchDbContext>();
        var usage = scope.ServiceProvider.GetService<IBatchUsageHook>();
        var gate = scope.ServiceProvider.GetService<InferenceGate>();

        // Claim the batch only if it is still queued: a cancelled one is skipped.
        var now = clock.GetUtcNow().UtcDateTime;
        var claimed = await db.Batches.Where(b => b.Id == id && b.Status == BatchStatus.Queued)
            .ExecuteUpdateAsync(s => s.SetProperty(b => b.Status, BatchStatus.Running).SetProperty(b => b.StartedAt, now), stoppingToken);
        if (claimed == 0) return;
        var job = await db.Batches.AsNoTracking().SingleAsync(b => b.Id == id, stoppingToken);

        var live = jobs.Start(id, 0, job.RowsTotal, stoppingToken);
        var token = live.Cancellation.Token;
        try
        {
            var classifier = models.Classifier
                ?? throw new InvalidOperationException($"The stereotype model is not available: {models.LoadError}");
            await SetAsync(db, id, s => s.SetProperty(b => b.Model, $"{classifier.Card.Name}@{classifier.Card.Version}"));
            var scorer = new BatchScorer(classifier, segmenter, job.Threshold);
            var chunk = options.Value.ChunkRows;
            int done = 0, flagged = 0;
            for (var start = 0; start < job.RowsTotal; start += chunk)
            {
                token.ThrowIfCancellationRequested();
                var rows = await db.BatchRows.Where(r => r.BatchId == id && r.Index >= start && r.Index < start + chunk)
                    .OrderBy(r => r.Index).ToListAsync(token);
                var inputs = rows.Select(r => new BatchInputRow(r.Index, r.Text, r.Group)).ToArray();
                // Through the same inference gate as single analyses, so a batch cannot starve them; off the queue's thread.
                var scored = await ThroughGateAsync(gate, () => scorer.Score(inputs, token), token);
                for (var i = 0; i < rows.Count; i++)
                {
                    rows[i].MaxProbability = scored[i].MaxProbability;
                    rows[i].Flagged = scored[i].Flagged;
                    rows[i].Sentences = JsonSerializer.Serialize(scored[i].Sentences, BatchService.Json);
                    if (scored[i].Flagged) flagged++;
                }
                done += rows.Count;
                await db.SaveChangesAsync(CancellationToken.None);
                db.ChangeTracker.Clear();
                int doneNow = done, flaggedNow = flagged;
                await SetAsync(db, id, s => s.SetProperty(b => b.RowsDone, doneNow).SetProperty(b => b.RowsFlagged, flaggedNow));
                if (usage is not null) await usage.RecordAsync(job.OwnerId, id, rows.Count, CancellationToken.None);
                live.Report(done);
                jobs.Notify(id);
            }
            await FinishAsync(db, id, BatchStatus.Done, null);
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested)
        {
            if (stoppingToken.IsCancellationRequested)
                await FinishAsync(db, id, BatchStatus.Failed, "The app stopped before this batch finished. Start it again.");
            else
                await FinishAsync(db, id, BatchStatus.Cancelled, null);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogError(ex, "Batch {BatchId} failed", id);
            await FinishAsync(db, id, BatchStatus.Failed, ex is InvalidOperationException or SqliteException
                ? ex.Message : "Scoring failed unexpectedly; see the server log.");
        }
        finally
        {
            jobs.Finish(id);
        }
    }

    private Task FinishAsync(BatchDbContext db, Guid id, BatchStatus status, string? error)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        return SetAsync(db, id, s => s.SetProperty(b => b.Status, status).SetProperty(b => b.FinishedAt, now).SetProperty(b => b.Error, error));
    }

    private static Task<int> SetAsync(BatchDbContext db, Guid id, Action<Microsoft.EntityFrameworkCore.Query.UpdateSettersBuilder<BatchJob>> set) =>
        db.Batches.Where(b => b.Id == id).ExecuteUpdateAsync(set, CancellationToken.None);

    // A batch waits for a slot rather than failing when the gate's queue is full.
    private static async Task<T> ThroughGateAsync<T>(InferenceGate? gate, Func<T> work, CancellationToken token)
    {
        while (true)
        {
            IDisposable? lease;
            try
            {
                lease = gate is null ? null : await gate.EnterAsync(token);
            }
            catch (InferenceBusyException busy)
            {
                await Task.Delay(busy.RetryAfter, token);
                continue;
            }
            using (lease)
                return await Task.Run(work, token);
        }
    }
}

/// <summary>
/// Before anything is served: creates the batch tables (own migrations history) and marks batches that a previous
/// process left queued or running as failed, so none stays stuck.
/// </summary>
internal sealed class BatchStartup(IServiceScopeFactory scopes, TimeProvider clock, ILogger<BatchStartup> logger) : IHostedService
{
    public const string InterruptedError = "Interrupted: the app restarted before this batch finished. Start it again.";

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        using var scope = scopes.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<BatchDbContext>();
        await db.Database.MigrateAsync(cancellationToken);

        var now = clock.GetUtcNow().UtcDateTime;
        var stuck = await db.Batches.Where(b => b.Status == BatchStatus.Queued || b.Status == BatchStatus.Running)
            .ExecuteUpdateAsync(s => s.SetProperty(b => b.Status, BatchStatus.Failed).SetProperty(b => b.FinishedAt, now)
                .SetProperty(b => b.Error, InterruptedError), cancellationToken);
        if (stuck > 0) logger.LogWarning("Marked {Count} batch(es) interrupted by a restart as failed", stuck);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}

/// <summary>Deletes batches older than <see cref="BatchOptions.RetentionDays"/>, at start-up and then every hour.</summary>
internal sealed class BatchRetention(IServiceScopeFactory scopes, IOptions<BatchOptions> options, TimeProvider clock, ILogger<BatchRetention> logger)
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
                    var deleted = await scope.ServiceProvider.GetRequiredService<BatchService>().TrimAsync(cutoff, stoppingToken);
                    if (deleted > 0) logger.LogInformation("Deleted {Count} batch(es) older than {Days} days", deleted, options.Value.RetentionDays);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    logger.LogError(ex, "Batch retention failed");
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
