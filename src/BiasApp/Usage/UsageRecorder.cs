using BiasApp.Data;
using Microsoft.EntityFrameworkCore;

namespace BiasApp.Usage;

/// <summary>
/// The single write path for usage: each event and its daily aggregate are written in one transaction, one at a time.
/// SQLite serialises writers anyway; doing it here too means no SQLITE_BUSY between our own writes, and the aggregate is
/// an atomic upsert, so concurrent requests are neither lost nor counted twice.
/// </summary>
public sealed class UsageRecorder(IDbContextFactory<BiasDbContext> dbs)
{
    private readonly SemaphoreSlim _writer = new(1, 1);

    /// <summary>Stores <paramref name="usage"/> and adds it to the user's aggregate for its UTC day.</summary>
    public Task RecordAsync(UsageEvent usage, CancellationToken cancellationToken = default) => RecordAsync([usage], cancellationToken);

    /// <summary>Stores <paramref name="events"/> and adds each to its user's daily aggregate, all in one transaction.</summary>
    public Task RecordAsync(IReadOnlyList<UsageEvent> events, CancellationToken cancellationToken = default) =>
        WriteAsync(async db =>
        {
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            db.UsageEvents.AddRange(events);
            await db.SaveChangesAsync(cancellationToken);
            foreach (var usage in events) await AddToDailyAsync(db, usage, cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            return 0;
        }, cancellationToken);

    private static async Task AddToDailyAsync(BiasDbContext db, UsageEvent usage, CancellationToken cancellationToken)
    {
        var accepted = usage.Outcome == UsageOutcomes.Ok ? 1 : 0;
        var rejected = usage.Outcome == UsageOutcomes.Rejected ? 1 : 0;
        var errors = usage.Outcome == UsageOutcomes.Error ? 1 : 0;
        var explanations = accepted == 1 && usage.Explain != "none" ? 1 : 0;
        var day = DateOnly.FromDateTime(usage.At);
        var sentences = (long)(accepted * usage.Sentences);
        var characters = (long)(accepted * usage.Characters);
        var latency = accepted * usage.LatencyMs;
        await db.Database.ExecuteSqlAsync($"""
            INSERT INTO DailyUsage (UserId, Day, Requests, Rejected, Errors, Explanations, Sentences, Characters, LatencyMsTotal)
            VALUES ({usage.UserId}, {day}, {accepted}, {rejected}, {errors}, {explanations}, {sentences}, {characters}, {latency})
            ON CONFLICT (UserId, Day) DO UPDATE SET
                Requests = Requests + excluded.Requests,
                Rejected = Rejected + excluded.Rejected,
                Errors = Errors + excluded.Errors,
                Explanations = Explanations + excluded.Explanations,
                Sentences = Sentences + excluded.Sentences,
                Characters = Characters + excluded.Characters,
                LatencyMsTotal = LatencyMsTotal + excluded.LatencyMsTotal
            """, cancellationToken);
    }

    /// <summary>Runs a write against a fresh context while no other usage write runs (used by trimming too).</summary>
    public async Task<T> WriteAsync<T>(Func<BiasDbContext, Task<T>> write, CancellationToken cancellationToken = default)
    {
        await _writer.WaitAsync(cancellationToken);
        try
        {
            await using var db = await dbs.CreateDbContextAsync(cancellationToken);
            return await write(db);
        }
        finally
        {
            _writer.Release();
        }
    }
}
