using BiasApp.Data;
using System.Runtime.CompilerServices;
using System.Text.Json;
using BiasApp.Core.Analysis;
using BiasApp.Core.Batches;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace BiasApp.Batches;

/// <summary>Creates, reads, cancels and deletes batches, always within one owner's batches. Scoped.</summary>
public sealed class BatchService(
    BiasDbContext db,
    BatchJobs jobs,
    IOptions<BatchOptions> options,
    IOptions<AnalysisOptions> analysisOptions,
    TimeProvider clock,
    IBatchUsageHook? usage = null)
{
    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };

    public BatchOptions Options => options.Value;

    /// <summary>Longest text a row may have (<c>Analysis:MaxTextLength</c>); longer rows are skipped.</summary>
    public int MaxTextLength => analysisOptions.Value.MaxTextLength;

    /// <summary>
    /// How many rows <paramref name="ownerId"/> may put in a batch now: the per-batch limit, lowered to what remains of
    /// today's analysis quota (each row counts as one analysis).
    /// </summary>
    public async Task<BatchAllowance> AllowanceAsync(string ownerId, CancellationToken cancellationToken = default)
    {
        var quota = usage is null ? null : await usage.QuotaAsync(ownerId, cancellationToken);
        return new BatchAllowance(Math.Min(Options.MaxRows, quota?.Remaining ?? int.MaxValue), Options.MaxRows, quota);
    }

    /// <summary>
    /// Saves <paramref name="rows"/> as a queued batch of <paramref name="ownerId"/> and queues it. Throws
    /// <see cref="BatchRefusedException"/> (409) when the owner already has the allowed number of batches queued or running,
    /// or (429) when the usage hook refuses.
    /// </summary>
    public async Task<BatchJob> CreateAsync(string ownerId, string name, BatchUpload upload, CancellationToken cancellationToken = default)
    {
        var rows = upload.Rows;
        ArgumentOutOfRangeException.ThrowIfZero(rows.Count);
        // One transaction for the checks and the save (read committed on PostgreSQL whatever the server's default): the usage
        // hook locks the owner's day first, so two uploads (or an upload and an analysis) of one owner, on any replicas, are
        // decided one after the other and see each other's batches.
        await using var transaction = await db.Database.BeginReadCommittedAsync(cancellationToken);
        var refusal = usage is null ? null : await usage.CheckAsync(db, ownerId, rows.Count, cancellationToken);
        var active = await db.Batches.CountAsync(b => b.OwnerId == ownerId && (b.Status == BatchStatus.Queued || b.Status == BatchStatus.Running), cancellationToken);
        if (active >= Options.MaxConcurrentJobsPerUser)
            throw new BatchRefusedException(
                $"You already have {active} batch(es) queued or running; the limit is {Options.MaxConcurrentJobsPerUser}. Wait for it to finish or cancel it.",
                StatusCodes.Status409Conflict);
        if (refusal is not null) throw new BatchRefusedException(refusal, StatusCodes.Status429TooManyRequests);

        var job = new BatchJob
        {
            Id = Guid.CreateVersion7(),
            OwnerId = ownerId,
            Name = name.Length > 260 ? name[..260] : name,
            Status = BatchStatus.Queued,
            RowsTotal = rows.Count,
            HasGroups = rows.Any(r => r.Group is not null),
            Threshold = analysisOptions.Value.Threshold,
            CreatedAt = clock.GetUtcNow().UtcDateTime,
            RowsSkipped = upload.SkippedCount,
            SkippedRows = upload.Skipped.Count == 0 ? null : JsonSerializer.Serialize(upload.Skipped, Json),
            PassThroughColumns = upload.PassThroughColumns.Count == 0 ? null : JsonSerializer.Serialize(upload.PassThroughColumns, Json),
            CompareColumn = upload.CompareColumn,
        };
        db.Batches.Add(job);
        db.BatchRows.AddRange(rows.Select(r => new BatchRow
        {
            BatchId = job.Id, Index = r.Index, SourceRow = r.SourceRow, Text = r.Text, Group = r.Group, CompareValue = upload.CompareColumn is null ? null : r.Compare,
            PassThrough = r.Columns is { Count: > 0 } columns ? JsonSerializer.Serialize(columns, Json) : null,
        }));
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        db.ChangeTracker.Clear();
        jobs.Enqueue(job.Id);
        return job;
    }

    /// <summary>The batch when it exists and belongs to <paramref name="ownerId"/>; null otherwise (never another user's).</summary>
    public Task<BatchJob?> FindAsync(string ownerId, Guid id, CancellationToken cancellationToken = default) =>
        db.Batches.AsNoTracking().FirstOrDefaultAsync(b => b.Id == id && b.OwnerId == ownerId, cancellationToken);

    /// <summary>The owner's most recent batches, newest first.</summary>
    public Task<List<BatchJob>> ListAsync(string ownerId, int take = 50, CancellationToken cancellationToken = default) =>
        db.Batches.AsNoTracking().Where(b => b.OwnerId == ownerId).OrderByDescending(b => b.CreatedAt).Take(take).ToListAsync(cancellationToken);

    /// <summary>Status with live progress (rows/s, time left) while the batch runs in this process.</summary>
    public BatchStatusView Status(BatchJob job)
    {
        var live = job.Status == BatchStatus.Running ? jobs.Progress(job.Id) : null;
        var done = live?.RowsDone ?? job.RowsDone;
        return new BatchStatusView(job.Id, job.Name, job.Status, done, job.RowsTotal, job.RowsFlagged,
            Math.Round(live?.RowsPerSecond ?? 0, 1), live?.Remaining is { } left ? Math.Round(left.TotalSeconds, 1) : null,
            job.CreatedAt, job.StartedAt, job.FinishedAt, job.Model, job.Threshold, job.Error,
            job.RowsSkipped, Deserialize<SkippedRow[]>(job.SkippedRows) ?? [], PassThroughColumnsOf(job), job.CompareColumn);
    }

    /// <summary>The input columns carried into <paramref name="job"/>'s results, in file order.</summary>
    public static IReadOnlyList<string> PassThroughColumnsOf(BatchJob job) => Deserialize<string[]>(job.PassThroughColumns) ?? [];

    /// <summary>Cancels every queued or running batch of <paramref name="ownerId"/> (an account being deleted); returns how many.</summary>
    public async Task<int> CancelAllAsync(string ownerId, CancellationToken cancellationToken = default)
    {
        var active = await db.Batches.AsNoTracking()
            .Where(b => b.OwnerId == ownerId && (b.Status == BatchStatus.Queued || b.Status == BatchStatus.Running))
            .Select(b => b.Id).ToListAsync(cancellationToken);
        var cancelled = 0;
        foreach (var id in active)
        {
            if (await CancelActiveAsync(id, cancellationToken)) cancelled++;
        }
        return cancelled;
    }

    /// <summary>Cancels a queued or running batch of <paramref name="ownerId"/>; false when there is none to cancel.</summary>
    public async Task<bool> CancelAsync(string ownerId, Guid id, CancellationToken cancellationToken = default)
    {
        var job = await FindAsync(ownerId, id, cancellationToken);
        return job is { IsActive: true } && await CancelActiveAsync(id, cancellationToken);
    }

    private async Task<bool> CancelActiveAsync(Guid id, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        // Cancelled in the database, which every replica reads: a queued batch is never claimed, and the replica running one
        // stops at its next chunk or lease renewal. Stopping it here at once when it runs in this process is only quicker.
        var cancelled = await db.Batches.Where(b => b.Id == id && (b.Status == BatchStatus.Queued || b.Status == BatchStatus.Running))
            .ExecuteUpdateAsync(s => s.SetProperty(b => b.Status, BatchStatus.Cancelled).SetProperty(b => b.FinishedAt, now), cancellationToken);
        jobs.Cancel(id);
        jobs.Notify(id);
        return cancelled > 0;
    }

    /// <summary>Deletes a finished batch of <paramref name="ownerId"/> and its rows; false when there is none or it is still active.</summary>
    public async Task<bool> DeleteAsync(string ownerId, Guid id, CancellationToken cancellationToken = default)
    {
        var job = await FindAsync(ownerId, id, cancellationToken);
        if (job is null || job.IsActive) return false;
        await db.BatchRows.Where(r => r.BatchId == id).ExecuteDeleteAsync(cancellationToken);
        await db.Batches.Where(b => b.Id == id).ExecuteDeleteAsync(cancellationToken);
        return true;
    }

    /// <summary>
    /// Overall and per-group stereotype rates and rates per kind (Wilson 95% intervals) of the scored rows of
    /// <paramref name="job"/> and, when it has a compare column, the comparison of its values.
    /// </summary>
    public async Task<BatchSummary> SummarizeAsync(BatchJob job, CancellationToken cancellationToken = default)
    {
        var rows = await db.BatchRows.AsNoTracking().Where(r => r.BatchId == job.Id && r.Flagged != null)
            .Select(r => new { r.Group, r.CompareValue, Flagged = r.Flagged!.Value, r.Sentences }).ToListAsync(cancellationToken);
        return BatchStatistics.Summarize(rows.Select(r => (r.Group, r.CompareValue, r.Flagged)).ToList(), job.CompareColumn) with
        {
            Kinds = BatchStatistics.KindRates(rows.Select(r => (r.Group, KindsOf(r.Sentences))).ToList()),
        };
    }

    /// <summary>The distinct kinds of a row's stored sentences.</summary>
    internal static IReadOnlyCollection<string> KindsOf(string? sentences) =>
        ScoredRow.KindsOf(Deserialize<ScoredSentence[]>(sentences) ?? []);

    /// <summary>Scored rows in input order, read from the database as they are enumerated.</summary>
    public async IAsyncEnumerable<BatchResultRow> StreamResultsAsync(Guid id, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await foreach (var row in db.BatchRows.AsNoTracking().Where(r => r.BatchId == id && r.Flagged != null)
                           .OrderBy(r => r.Index).AsAsyncEnumerable().WithCancellation(cancellationToken))
        {
            yield return ToResult(row);
        }
    }

    /// <summary>Deletes finished batches created before <paramref name="cutoffUtc"/>; returns how many. For the retention service.</summary>
    public async Task<int> TrimAsync(DateTime cutoffUtc, CancellationToken cancellationToken = default)
    {
        var old = db.Batches.Where(b => b.CreatedAt < cutoffUtc && b.Status != BatchStatus.Queued && b.Status != BatchStatus.Running);
        await db.BatchRows.Where(r => old.Any(b => b.Id == r.BatchId)).ExecuteDeleteAsync(cancellationToken);
        return await old.ExecuteDeleteAsync(cancellationToken);
    }

    internal static BatchResultRow ToResult(BatchRow row) => new(row.Index, row.Text, row.Group, row.MaxProbability ?? 0, row.Flagged ?? false,
        Deserialize<ScoredSentence[]>(row.Sentences) ?? [], row.SourceRow, Deserialize<Dictionary<string, string>>(row.PassThrough), row.CompareValue);

    private static T? Deserialize<T>(string? json) where T : class => json is null ? null : JsonSerializer.Deserialize<T>(json, Json);
}
