using BiasApp.Data;
using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

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

    /// <summary>
    /// Stores <paramref name="usage"/> and adds it to the user's aggregate for its UTC day; when given, the quota reservation
    /// <paramref name="releases"/> is deleted at the same time, so an admitted analysis is counted either as reserved or as
    /// recorded, never both or neither. The statements go as one command, one round trip: PostgreSQL runs a command of
    /// several statements in one implicit transaction; SQLite gets an explicit one.
    /// </summary>
    public Task RecordAsync(UsageEvent usage, CancellationToken cancellationToken = default, Guid? releases = null) =>
        WriteAsync(async db =>
        {
            List<object> args =
            [
                .. DailyDelta.Of(usage).UpsertArguments(usage.UserId, DateOnly.FromDateTime(usage.At)),
                usage.At, usage.Channel, usage.Explain, usage.Characters, usage.Sentences, usage.LatencyMs, usage.Outcome,
            ];
            if (releases is { } reservation) args.Add(reservation);
            var sql = """
                INSERT INTO "UsageEvents" ("UserId", "At", "Channel", "Explain", "Characters", "Sentences", "LatencyMs", "Outcome")
                VALUES ({0}, {9}, {10}, {11}, {12}, {13}, {14}, {15});

                """ + DailyUpsert + (releases is null ? "" : """
                ;
                DELETE FROM "UsageReservations" WHERE "Id" = {16}
                """);
            await using var transaction = await BeginUnlessOneCommandIsAtomicAsync(db, cancellationToken);
            await db.Database.ExecuteSqlAsync(FormattableStringFactory.Create(sql, [.. args]), cancellationToken);
            if (transaction is not null) await transaction.CommitAsync(cancellationToken);
            return 0;
        }, cancellationToken);

    /// <summary>
    /// A transaction for a command of several statements on SQLite, where each statement would otherwise commit on its own;
    /// none on PostgreSQL, which runs such a command in one implicit transaction (one round trip fewer: no COMMIT).
    /// </summary>
    public static async Task<IDbContextTransaction?> BeginUnlessOneCommandIsAtomicAsync(BiasDbContext db, CancellationToken cancellationToken) =>
        db.Database.IsPostgreSql() ? null : await db.Database.BeginTransactionAsync(cancellationToken);

    /// <summary>Adds <paramref name="events"/> and their daily aggregates in the transaction the caller holds on <paramref name="db"/>.</summary>
    public static async Task AppendAsync(BiasDbContext db, IReadOnlyList<UsageEvent> events, CancellationToken cancellationToken)
    {
        db.UsageEvents.AddRange(events);
        await db.SaveChangesAsync(cancellationToken);
        // One upsert per user and day, not per event: a batch chunk is many events of one user on one day.
        foreach (var day in events.GroupBy(e => (e.UserId, Day: DateOnly.FromDateTime(e.At))))
            await db.Database.ExecuteSqlAsync(FormattableStringFactory.Create(DailyUpsert,
                day.Select(DailyDelta.Of).Aggregate(DailyDelta.Sum).UpsertArguments(day.Key.UserId, day.Key.Day)), cancellationToken);
    }

    /// <summary>Adds a delta to a user's day (arguments 0–8: user, day, requests, rejected, errors, explanations, sentences, characters, latency).</summary>
    private const string DailyUpsert = """
        INSERT INTO "DailyUsage" ("UserId", "Day", "Requests", "Rejected", "Errors", "Explanations", "Sentences", "Characters", "LatencyMsTotal")
        VALUES ({0}, {1}, {2}, {3}, {4}, {5}, {6}, {7}, {8})
        ON CONFLICT ("UserId", "Day") DO UPDATE SET
            "Requests" = "DailyUsage"."Requests" + excluded."Requests",
            "Rejected" = "DailyUsage"."Rejected" + excluded."Rejected",
            "Errors" = "DailyUsage"."Errors" + excluded."Errors",
            "Explanations" = "DailyUsage"."Explanations" + excluded."Explanations",
            "Sentences" = "DailyUsage"."Sentences" + excluded."Sentences",
            "Characters" = "DailyUsage"."Characters" + excluded."Characters",
            "LatencyMsTotal" = "DailyUsage"."LatencyMsTotal" + excluded."LatencyMsTotal"
        """;

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

        /// <summary>The arguments 0–8 of <see cref="DailyUpsert"/> that add this delta to <paramref name="userId"/>'s <paramref name="day"/>.</summary>
        public object[] UpsertArguments(string userId, DateOnly day) =>
            [userId, day, Requests, Rejected, Errors, Explanations, Sentences, Characters, LatencyMs];

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
