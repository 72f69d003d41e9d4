using BiasApp.Data;
using System.Text.Json;
using BiasApp.Core.Batches;
using BiasApp.Core.Classification;
using BiasApp.Core.Scoring;
using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace BiasApp.Batches;

/// <summary>
/// Runs batches one at a time per process, outside any page or request. The database is the queue: a worker claims the
/// oldest queued batch, or a running one whose lease expired (its replica died), by setting a lease in one statement
/// (PostgreSQL: <c>FOR UPDATE SKIP LOCKED</c>, so replicas never claim the same batch), renews the lease while it works, and
/// commits each chunk (scores, progress and usage) in one transaction; a batch taken over is resumed from its last committed
/// chunk, so every row is scored and counted once. Cancellation (from any replica) and a lost lease stop it between chunks.
/// </summary>
internal sealed class BatchWorker(
    IServiceScopeFactory scopes,
    BatchJobs jobs,
    SentenceScorer scorer,
    IOptions<BatchOptions> options,
    TimeProvider clock,
    ILogger<BatchWorker> logger) : BackgroundService
{
    /// <summary>This process among the replicas: host, process id and a random part (pids repeat across containers).</summary>
    internal string ReplicaId { get; } = Truncate($"{Environment.MachineName}:{Environment.ProcessId}:{Guid.NewGuid():N}", 200);

    private static string Truncate(string value, int length) => value.Length <= length ? value : value[^length..];

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                Guid? claimed = null;
                try
                {
                    claimed = await ClaimAsync(stoppingToken);
                    if (claimed is { } id) await RunAsync(id, stoppingToken);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    logger.LogError(ex, "The batch worker could not read the queue; it tries again in {Interval}", options.Value.PollInterval);
                }
                if (claimed is null) await jobs.WaitForWorkAsync(options.Value.PollInterval, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    /// <summary>
    /// With a model: the oldest claimable batch. Without one: only a batch queued through this process (it fails with the
    /// reason), so that a replica that cannot score never takes a batch another replica could run.
    /// </summary>
    private async Task<Guid?> ClaimAsync(CancellationToken cancellationToken)
    {
        if (scorer.Classifier is not null)
        {
            while (jobs.TryTakeLocal(out _))
            {
            }
            return await ClaimNextAsync(cancellationToken);
        }
        while (jobs.TryTakeLocal(out var local))
        {
            if (await ClaimNextAsync(cancellationToken, local) is { } id) return id;
        }
        return null;
    }

    /// <summary>Claims the oldest claimable batch (or <paramref name="only"/>) for this replica; null when there is none.</summary>
    internal async Task<Guid?> ClaimNextAsync(CancellationToken cancellationToken, Guid? only = null)
    {
        using var scope = scopes.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<BiasDbContext>();
        var now = clock.GetUtcNow().UtcDateTime;
        return await BatchClaims.ClaimNextAsync(db, ReplicaId, now, now + options.Value.LeaseDuration, only, cancellationToken);
    }

    internal async Task RunAsync(Guid id, CancellationToken stoppingToken)
    {
        using var scope = scopes.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<BiasDbContext>();
        var usage = scope.ServiceProvider.GetService<IBatchUsageHook>();
        var job = await db.Batches.AsNoTracking().SingleAsync(b => b.Id == id, stoppingToken);
        if (job.Attempts > options.Value.MaxAttempts)
        {
            logger.LogError("Batch {BatchId} was claimed {Attempts} times without finishing; giving it up", id, job.Attempts);
            await FinishAsync(db, id, BatchStatus.Failed,
                $"The app stopped while scoring this batch {job.Attempts - 1} times (e.g. out of memory), so it was given up at row {job.RowsDone:N0}. Split it or start it again.");
            jobs.Notify(id);
            return;
        }
        if (job.RowsDone > 0) logger.LogInformation("Resuming batch {BatchId} at row {Row} of {Rows}", id, job.RowsDone, job.RowsTotal);

        var live = jobs.Start(id, job.RowsDone, job.RowsTotal, stoppingToken);
        var token = live.Cancellation.Token;
        // Renews the lease while chunks run; a renewal that finds the batch cancelled or taken over stops the work.
        using var renewal = new CancellationTokenSource();
        var renewing = RenewLeaseAsync(id, live.Cancellation, renewal.Token);
        try
        {
            var classifier = scorer.Classifier
                ?? throw new InvalidOperationException($"The stereotype model is not available: {scorer.LoadError}");
            var model = $"{classifier.Card.Name}@{classifier.Card.Version}";
            await db.Batches.Where(b => b.Id == id && b.LeaseOwner == ReplicaId)
                .ExecuteUpdateAsync(s => s.SetProperty(b => b.Model, model), CancellationToken.None);
            var batchScorer = new BatchScorer(scorer);
            var chunk = options.Value.ChunkRows;
            int done = job.RowsDone, flagged = job.RowsFlagged;
            for (var start = job.RowsDone; start < job.RowsTotal; start += chunk)
            {
                token.ThrowIfCancellationRequested();
                var rows = await db.BatchRows.Where(r => r.BatchId == id && r.Index >= start && r.Index < start + chunk)
                    .OrderBy(r => r.Index).ToListAsync(token);
                var inputs = rows.Select(r => new BatchInputRow(r.Index, r.Text, r.Group)).ToArray();
                // The pipeline single analyses use: the same rules, cache, labels and review, and the same inference gate, so a
                // batch cannot starve them.
                var scored = await batchScorer.ScoreAsync(inputs, job.Threshold, token);
                var chunkFlagged = 0;
                for (var i = 0; i < rows.Count; i++)
                {
                    rows[i].MaxProbability = scored[i].MaxProbability;
                    rows[i].Flagged = scored[i].Flagged;
                    rows[i].Sentences = JsonSerializer.Serialize(scored[i].Sentences, BatchService.Json);
                    if (scored[i].Flagged) chunkFlagged++;
                }
                if (!await CommitChunkAsync(db, usage, job.OwnerId, id, rows.Count, done + rows.Count, flagged + chunkFlagged))
                {
                    // Cancelled from another replica, or the lease was lost: the chunk is rolled back and not counted.
                    await live.Cancellation.CancelAsync();
                    token.ThrowIfCancellationRequested();
                }
                done += rows.Count;
                flagged += chunkFlagged;
                live.Report(done);
                jobs.Notify(id);
            }
            await FinishAsync(db, id, BatchStatus.Done, null);
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested)
        {
            if (stoppingToken.IsCancellationRequested)
            {
                // Shutting down: hand the batch back so another replica (or this one after a restart) resumes it at once;
                // a clean stop is not a failed attempt.
                await HandBackAsync(db, id, countAttempt: false);
                logger.LogInformation("Batch {BatchId} handed back at row {Row} of {Rows}: the app is stopping", id, live.Progress.RowsDone, job.RowsTotal);
            }
            else
            {
                // Cancelled by its owner here (the status may already say so), or taken over: only this replica's claim changes.
                await FinishAsync(db, id, BatchStatus.Cancelled, null);
            }
        }
        catch (DbException ex)
        {
            // The database went away for a moment (a dropped connection, a fail-over): not the batch's fault. Hand it back
            // (if the database lets us; else the lease runs out) for any replica to resume; the attempt counts.
            logger.LogWarning(ex, "Batch {BatchId} handed back after a database error", id);
            try
            {
                await HandBackAsync(db, id, countAttempt: true);
            }
            catch (DbException)
            {
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogError(ex, "Batch {BatchId} failed", id);
            await FinishAsync(db, id, BatchStatus.Failed, ex is InvalidOperationException
                ? ex.Message : "Scoring failed unexpectedly; see the server log.");
        }
        finally
        {
            await renewal.CancelAsync();
            await renewing;
            jobs.Finish(id);
        }
    }

    /// <summary>
    /// Saves a scored chunk, the batch's progress (renewing the lease) and the rows' usage in one transaction, if this replica
    /// still holds the batch and it is still running; false (nothing saved) otherwise.
    /// </summary>
    private async Task<bool> CommitChunkAsync(BiasDbContext db, IBatchUsageHook? usage, string ownerId, Guid id, int rows, int done, int flagged)
    {
        var expires = clock.GetUtcNow().UtcDateTime + options.Value.LeaseDuration;
        await using var transaction = await db.Database.BeginTransactionAsync(CancellationToken.None);
        var held = await db.Batches.Where(b => b.Id == id && b.LeaseOwner == ReplicaId && b.Status == BatchStatus.Running)
            .ExecuteUpdateAsync(s => s.SetProperty(b => b.RowsDone, done).SetProperty(b => b.RowsFlagged, flagged)
                .SetProperty(b => b.LeaseExpiresAt, expires), CancellationToken.None);
        if (held == 0)
        {
            db.ChangeTracker.Clear();
            return false;
        }
        await db.SaveChangesAsync(CancellationToken.None);
        if (usage is not null) await usage.RecordAsync(db, ownerId, id, rows, CancellationToken.None);
        await transaction.CommitAsync(CancellationToken.None);
        db.ChangeTracker.Clear();
        return true;
    }

    private async Task RenewLeaseAsync(Guid id, CancellationTokenSource work, CancellationToken stop)
    {
        using var timer = new PeriodicTimer(options.Value.LeaseDuration / 3, clock);
        try
        {
            while (await timer.WaitForNextTickAsync(stop))
            {
                try
                {
                    using var scope = scopes.CreateScope();
                    var db = scope.ServiceProvider.GetRequiredService<BiasDbContext>();
                    var expires = clock.GetUtcNow().UtcDateTime + options.Value.LeaseDuration;
                    var held = await db.Batches.Where(b => b.Id == id && b.LeaseOwner == ReplicaId && b.Status == BatchStatus.Running)
                        .ExecuteUpdateAsync(s => s.SetProperty(b => b.LeaseExpiresAt, expires), stop);
                    if (held == 0)
                    {
                        await work.CancelAsync();
                        return;
                    }
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    logger.LogWarning(ex, "Could not renew the lease on batch {BatchId}; trying again", id);
                }
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
        }
    }

    /// <summary>
    /// Ends this replica's claim with <paramref name="status"/> and <paramref name="error"/>; a batch it no longer holds is
    /// left alone, and one cancelled meanwhile stays cancelled, without an error.
    /// </summary>
    private Task<int> FinishAsync(BiasDbContext db, Guid id, BatchStatus status, string? error)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        return db.Batches.Where(b => b.Id == id && b.LeaseOwner == ReplicaId)
            .ExecuteUpdateAsync(s => s.SetProperty(b => b.Status, b => b.Status == BatchStatus.Running ? status : b.Status)
                .SetProperty(b => b.Error, b => b.Status == BatchStatus.Running ? error : b.Error)
                .SetProperty(b => b.FinishedAt, b => b.FinishedAt ?? now)
                .SetProperty(b => b.LeaseOwner, (string?)null).SetProperty(b => b.LeaseExpiresAt, (DateTime?)null), CancellationToken.None);
    }

    /// <summary>Gives up this replica's claim on a still running batch so that any replica may resume it at once.</summary>
    private Task<int> HandBackAsync(BiasDbContext db, Guid id, bool countAttempt) =>
        db.Batches.Where(b => b.Id == id && b.LeaseOwner == ReplicaId)
            .ExecuteUpdateAsync(s => s.SetProperty(b => b.LeaseOwner, (string?)null).SetProperty(b => b.LeaseExpiresAt, (DateTime?)null)
                .SetProperty(b => b.Attempts, b => countAttempt ? b.Attempts : b.Attempts - 1), CancellationToken.None);
}
