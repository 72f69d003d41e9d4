using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace BiasApp.Data;

/// <summary>
/// Usage in the database: the events, their daily aggregates and the quota reservations, and every statement that decides a
/// quota. Events and aggregates are written in one transaction; on SQLite one write at a time per process (SQLite serialises
/// writers anyway; doing it here too means no SQLITE_BUSY between our own writes). The aggregate is an atomic upsert, so
/// concurrent requests, from this process or another replica, are neither lost nor counted twice. Singleton.
/// </summary>
public sealed class UsageStore(IDbContextFactory<BiasDbContext> dbs)
{
    private readonly SemaphoreSlim _writer = new(1, 1);

    /// <summary>
    /// Stores <paramref name="usage"/> and adds it to the user's aggregate for its UTC day; when given, the quota reservation
    /// <paramref name="releases"/> is deleted at the same time, so an admitted analysis is counted either as reserved or as
    /// recorded, never both or neither. The statements go as one command, one round trip.
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

    /// <summary>
    /// Reserves one analysis for <paramref name="request"/>'s user when today's quotas allow it, until
    /// <paramref name="expiresAt"/> or until <see cref="RecordAsync"/> or <see cref="ReleaseAsync"/> releases it. Decided in
    /// one transaction and one round trip: 1. the upsert of the user's day locks it (a row lock on PostgreSQL, the write lock
    /// on SQLite), so the admissions and batch uploads of one user, on any replica, run one after the other; 2. the
    /// reservation is inserted only if what today already holds stays under the quotas, read as stored now (an admin's change
    /// applies at once everywhere); 3. what was decided, and the figures for a refusal.
    /// </summary>
    public Task<QuotaState> ReserveAsync(QuotaRequest request, Guid reservation, bool explains, DateTime expiresAt, CancellationToken cancellationToken) =>
        WriteAsync(async db =>
        {
            await using var transaction = await BeginUnlessOneCommandIsAtomicAsync(db, cancellationToken);
            var rows = await db.Database.SqlQuery<QuotaState>(FormattableStringFactory.Create(LockDay + ";\n" + $$"""
                INSERT INTO "UsageReservations" ("Id", "UserId", "Day", "Explains", "ExpiresAt")
                SELECT {5}, u."Id", {1}, {6}, {7}
                {{UserDay}}
                  AND {{UsedToday}} < COALESCE(u."DailyQuota", {3})
                  AND ({8} = 0 OR COALESCE(d."Explanations", 0) + (SELECT COUNT(*) FROM "UsageReservations" AS r
                          WHERE r."UserId" = {0} AND r."ExpiresAt" > {2} AND r."Explains")
                      < COALESCE(u."DailyExplanationQuota", {4}));

                SELECT CASE WHEN EXISTS (SELECT 1 FROM "UsageReservations" AS r WHERE r."Id" = {5}) THEN 1 ELSE 0 END AS "Admitted",
                """ + QuotaStateColumns,
                request.UserId, request.Day, request.Now, request.DailyQuota, request.DailyExplanationQuota, reservation, explains, expiresAt, explains ? 1 : 0))
                .ToListAsync(cancellationToken);
            // Not cancellable once sent: a commit that succeeds while the caller reports it cancelled would leave a
            // reservation nobody releases.
            if (transaction is not null) await transaction.CommitAsync(CancellationToken.None);
            return rows.Count == 1 ? rows[0] : throw new InvalidOperationException($"No user {request.UserId} to admit an analysis for.");
        }, cancellationToken);

    /// <summary>Releases a reservation that was not recorded (the analysis was cancelled or refused by validation).</summary>
    public Task ReleaseAsync(Guid reservation) =>
        WriteAsync(db => db.UsageReservations.Where(r => r.Id == reservation).ExecuteDeleteAsync(CancellationToken.None));

    /// <summary>
    /// What today holds of <paramref name="request"/>'s user's quota, in the caller's transaction on <paramref name="db"/>; with
    /// <paramref name="lockDay"/> the user's day is locked first, as by <see cref="ReserveAsync"/>, so a batch the caller
    /// saves in the same transaction holds its rows before any other admission or upload of the user is decided. Null when
    /// there is no such user.
    /// </summary>
    public static async Task<QuotaState?> QuotaStateAsync(BiasDbContext db, QuotaRequest request, bool lockDay, CancellationToken cancellationToken)
    {
        var prefix = (lockDay ? LockDay + ";\n" : "") + "SELECT 0 AS \"Admitted\",";
        var rows = await db.Database.SqlQuery<QuotaState>(FormattableStringFactory.Create(prefix + QuotaStateColumns,
            request.UserId, request.Day, request.Now, request.DailyQuota, request.DailyExplanationQuota)).ToListAsync(cancellationToken);
        return rows.Count == 1 ? rows[0] : null;
    }

    /// <summary>As <see cref="QuotaStateAsync(BiasDbContext, QuotaRequest, bool, CancellationToken)"/>, without locking, on a context of its own.</summary>
    public async Task<QuotaState?> QuotaStateAsync(QuotaRequest request, CancellationToken cancellationToken)
    {
        await using var db = await dbs.CreateDbContextAsync(cancellationToken);
        return await QuotaStateAsync(db, request, lockDay: false, cancellationToken);
    }

    /// <summary>Deletes events before <paramref name="eventCutoff"/>, aggregates before <paramref name="dayCutoff"/> and expired reservations.</summary>
    public Task<(int Events, int Days, int Reservations)> TrimAsync(DateTime eventCutoff, DateOnly dayCutoff, DateTime now, CancellationToken cancellationToken) =>
        WriteAsync(async db => (
            await db.UsageEvents.Where(e => e.At < eventCutoff).ExecuteDeleteAsync(cancellationToken),
            await db.DailyUsage.Where(d => d.Day < dayCutoff).ExecuteDeleteAsync(cancellationToken),
            await db.UsageReservations.Where(r => r.ExpiresAt < now).ExecuteDeleteAsync(cancellationToken)), cancellationToken);

    /// <summary>
    /// A transaction for a command of several statements on SQLite, where each statement would otherwise commit on its own;
    /// none on PostgreSQL, which runs such a command in one implicit transaction (one round trip fewer: no COMMIT).
    /// </summary>
    public static async Task<IDbContextTransaction?> BeginUnlessOneCommandIsAtomicAsync(BiasDbContext db, CancellationToken cancellationToken) =>
        db.Database.IsPostgreSql() ? null : await db.Database.BeginTransactionAsync(cancellationToken);

    /// <summary>Runs a write against a fresh context; on SQLite while no other usage write of this process runs.</summary>
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

    // The SQL that admission and batch uploads share. Arguments: {0} user, {1} day, {2} now (UTC), {3} and {4} the configured
    // daily and daily explanation quotas, which a user's own overrides replace.

    /// <summary>Locks the user's day: an upsert of its <see cref="DailyUsage"/> row (a row lock on PostgreSQL, the write lock on SQLite).</summary>
    private const string LockDay = """
        INSERT INTO "DailyUsage" ("UserId", "Day", "Requests", "Rejected", "Errors", "Explanations", "Sentences", "Characters", "LatencyMsTotal")
        VALUES ({0}, {1}, 0, 0, 0, 0, 0, 0, 0)
        ON CONFLICT ("UserId", "Day") DO UPDATE SET "Requests" = "DailyUsage"."Requests"
        """;

    /// <summary>The user (<c>u</c>) and their day (<c>d</c>, absent before their first analysis of the day).</summary>
    private const string UserDay = """
        FROM "AspNetUsers" AS u
        LEFT JOIN "DailyUsage" AS d ON d."UserId" = u."Id" AND d."Day" = {1}
        WHERE u."Id" = {0}
        """;

    /// <summary>
    /// What today already holds of the user's quota: recorded analyses, live reservations (also one admitted just before
    /// midnight: it is recorded, and counted, under today) and the rows of their queued or running batches not yet scored
    /// (a batch holds its rows from upload, so single analyses cannot use them up while it waits).
    /// </summary>
    private const string UsedToday = """
        (COALESCE(d."Requests", 0)
            + (SELECT COUNT(*) FROM "UsageReservations" AS r WHERE r."UserId" = {0} AND r."ExpiresAt" > {2})
            + COALESCE((SELECT SUM(b."RowsTotal" - b."RowsDone") FROM "Batches" AS b
                WHERE b."OwnerId" = {0} AND b."Status" IN ('Queued', 'Running')), 0))
        """;

    private const string QuotaStateColumns = $$"""
            CAST({{UsedToday}} AS INTEGER) AS "Used",
            COALESCE(u."DailyQuota", {3}) AS "DailyQuota",
            COALESCE(u."DailyExplanationQuota", {4}) AS "DailyExplanationQuota"
        {{UserDay}}
        """;

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
}
