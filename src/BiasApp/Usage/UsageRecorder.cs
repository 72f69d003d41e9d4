using BiasApp.Data;
using Microsoft.EntityFrameworkCore;

namespace BiasApp.Usage;

/// <summary>
/// The single write path for usage: events and their daily aggregates are written in one transaction; on SQLite one write
/// at a time per process (SQLite serialises writers anyway; doing it here too means no SQLITE_BUSY between our own writes). The
/// aggregate is an atomic upsert, so concurrent requests, from this process or another replica, are neither lost nor counted
/// twice.
/// </summary>
public sealed class UsageRecorder(IDbContextFactory<BiasDbContext> dbs)
{
    private readonly SemaphoreSlim _writer = new(1, 1);

    /// <summary>Stores <paramref name="usage"/> and adds it to the user's aggregate for its UTC day.</summary>
    public Task RecordAsync(UsageEvent usage, CancellationToken cancellationToken = default) => RecordAsync([usage], cancellationToken);

    /// <summary>
    /// Stores <paramref name="events"/> and adds them to their users' daily aggregates, all in one transaction; when given,
    /// the quota reservation <paramref name="releases"/> is deleted in the same transaction, so an admitted analysis is counted
    /// either as reserved or as recorded, never both or neither.
    /// </summary>
    public Task RecordAsync(IReadOnlyList<UsageEvent> events, CancellationToken cancellationToken = default, Guid? releases = null) =>
        WriteAsync(async db =>
        {
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            await AppendAsync(db, events, cancellationToken);
            if (releases is { } reservation) await db.UsageReservations.Where(r => r.Id == reservation).ExecuteDeleteAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            return 0;
        }, cancellationToken);

    /// <summary>Adds <paramref name="events"/> and their daily aggregates in the transaction the caller holds on <paramref name="db"/>.</summary>
    public static async Task AppendAsync(BiasDbContext db, IReadOnlyList<UsageEvent> events, CancellationToken cancellationToken)
    {
        db.UsageEvents.AddRange(events);
        await db.SaveChangesAsync(cancellationToken);
        // One upsert per user and day, not per event: a batch chunk is many events of one user on one day.
        foreach (var day in events.GroupBy(e => (e.UserId, Day: DateOnly.FromDateTime(e.At))))
            await AddToDailyAsync(db, day.Key.UserId, day.Key.Day, day.Select(DailyDelta.Of).Aggregate(DailyDelta.Sum), cancellationToken);
    }

    private static async Task AddToDailyAsync(BiasDbContext db, string userId, DateOnly day, DailyDelta d, CancellationToken cancellationToken) =>
        await db.Database.ExecuteSqlAsync($"""
            INSERT INTO "DailyUsage" ("UserId", "Day", "Requests", "Rejected", "Errors", "Explanations", "Sentences", "Characters", "LatencyMsTotal")
            VALUES ({userId}, {day}, {d.Requests}, {d.Rejected}, {d.Errors}, {d.Explanations}, {d.Sentences}, {d.Characters}, {d.LatencyMs})
            ON CONFLICT ("UserId", "Day") DO UPDATE SET
                "Requests" = "DailyUsage"."Requests" + excluded."Requests",
                "Rejected" = "DailyUsage"."Rejected" + excluded."Rejected",
                "Errors" = "DailyUsage"."Errors" + excluded."Errors",
                "Explanations" = "DailyUsage"."Explanations" + excluded."Explanations",
                "Sentences" = "DailyUsage"."Sentences" + excluded."Sentences",
                "Characters" = "DailyUsage"."Characters" + excluded."Characters",
                "LatencyMsTotal" = "DailyUsage"."LatencyMsTotal" + excluded."LatencyMsTotal"
            """, cancellationToken);

    /// <summary>What events add to a daily aggregate; sentences, characters and latency count for accepted ones only.</summary>
    private readonly record struct DailyDelta(int Requests, int Rejected, int Errors, int Explanations, long Sentences, long Characters, double LatencyMs)
    {
        public static DailyDelta Of(UsageEvent usage)
        {
            var accepted = usage.Outcome == UsageOutcomes.Ok ? 1 : 0;
            return new(accepted, usage.Outcome == UsageOutcomes.Rejected ? 1 : 0, usage.Outcome == UsageOutcomes.Error ? 1 : 0,
                accepted == 1 && usage.Explain != "none" ? 1 : 0,
                accepted * (long)usage.Sentences, accepted * (long)usage.Characters, accepted * usage.LatencyMs);
        }

        public static DailyDelta Sum(DailyDelta a, DailyDelta b) => new(a.Requests + b.Requests, a.Rejected + b.Rejected, a.Errors + b.Errors,
            a.Explanations + b.Explanations, a.Sentences + b.Sentences, a.Characters + b.Characters, a.LatencyMs + b.LatencyMs);
    }

    /// <summary>Runs a write against a fresh context; on SQLite while no other usage write of this process runs (used by trimming too).</summary>
    public async Task<T> WriteAsync<T>(Func<BiasDbContext, Task<T>> write, CancellationToken cancellationToken = default)
    {
        await using var db = await dbs.CreateDbContextAsync(cancellationToken);
        // PostgreSQL takes row locks, so writes of different users run side by side; SQLite has one writer per file.
        var serialise = db.Database.IsSqlite();
        if (serialise) await _writer.WaitAsync(cancellationToken);
        try
        {
            return await write(db);
        }
        finally
        {
            if (serialise) _writer.Release();
        }
    }
}
