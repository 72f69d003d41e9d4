using BiasApp.Core.Explanations;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Security.Claims;
using System.Threading.RateLimiting;
using BiasApp.Batches;
using BiasApp.Core.Analysis;
using BiasApp.Core.Usage;
using BiasApp.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace BiasApp.Usage;

/// <summary>Runs an analysis for the analysis page under the caller's limits and records it.</summary>
public interface IUsageMeter
{
    /// <summary>Applies rate limits and daily quotas, runs <paramref name="analyze"/> and records the outcome.</summary>
    /// <exception cref="UsageLimitExceededException">A limit refused the request; it has been recorded as rejected.</exception>
    Task<DocumentAnalysis> AnalyzeAsync(ClaimsPrincipal user, AnalysisRequest request,
        Func<AnalysisRequest, CancellationToken, Task<DocumentAnalysis>> analyze, CancellationToken cancellationToken = default);
}

/// <summary>Why a request was refused, in words for the caller, and when it may retry.</summary>
public sealed record UsageRefusal(string Title, string Message, DateTimeOffset RetryAt);

/// <summary>Daily quotas, the UI's rate limits and usage recording for both channels.</summary>
public sealed class UsageMeter(
    UsageRecorder recorder, UserLimits limits, UsageRateLimiter rateLimiter, IDbContextFactory<BiasDbContext> dbs, TimeProvider time,
    IOptions<UsageOptions> options) : IUsageMeter
{
    private readonly UsageRecorder _recorder = recorder;

    public async Task<DocumentAnalysis> AnalyzeAsync(ClaimsPrincipal user, AnalysisRequest request,
        Func<AnalysisRequest, CancellationToken, Task<DocumentAnalysis>> analyze, CancellationToken cancellationToken = default)
    {
        var userId = user.FindFirstValue(ClaimTypes.NameIdentifier) ?? throw new InvalidOperationException("Analyses need a signed-in user.");
        var applied = limits.For(userId);
        using (var lease = await rateLimiter.AcquireAsync(new UsageSubject(userId, applied.RequestsPerMinute, applied.RequestsPerHour), cancellationToken))
        {
            if (!lease.IsAcquired)
            {
                var retryAt = time.GetUtcNow() + RetryAfter(lease);
                await RecordRejectedAsync(userId, UsageChannels.Ui, request.Explain, request.Text.Length);
                throw new UsageLimitExceededException(
                    $"You have sent too many analyses in a short time. Try again at {retryAt:HH:mm:ss} UTC.", retryAt);
            }
        }

        await using var admission = await AdmitAsync(userId, UsageChannels.Ui, request.Explain, request.Text.Length, cancellationToken);
        if (admission.Refusal is { } refusal) throw new UsageLimitExceededException(refusal.Message, refusal.RetryAt);
        try
        {
            var result = await analyze(request, cancellationToken);
            await admission.RecordAsync(UsageOutcomes.Ok, result.Summary.SentenceCount, result.Summary.ElapsedMs);
            return result;
        }
        catch (Exception ex) when (ex is not OperationCanceledException and not ArgumentException)
        {
            await admission.RecordAsync(UsageOutcomes.Error, 0, admission.Elapsed.TotalMilliseconds);
            throw;
        }
    }

    /// <summary>
    /// Checks the daily quotas and, when they allow it, reserves one analysis until the returned admission is recorded or
    /// disposed. Decided in the database, in one transaction and one round trip that first locks the user's day (an upsert
    /// of its <see cref="DailyUsage"/> row: a row lock on PostgreSQL, the write lock on SQLite), then counts the day's
    /// recorded analyses plus the live reservations and adds one: so concurrent requests on any number of replicas sharing the
    /// database are checked one at a time and quotas are exact. A refusal is recorded.
    /// </summary>
    public async Task<Admission> AdmitAsync(string userId, string channel, ExplanationMode explain, int characters, CancellationToken cancellationToken)
    {
        var explains = explain != ExplanationMode.None;
        var now = time.GetUtcNow();
        var today = DateOnly.FromDateTime(now.UtcDateTime);
        var resetAt = ResetAt(now);
        var reservation = Guid.NewGuid();
        var expiresAt = (now + options.Value.ReservationLifetime).UtcDateTime;
        var quotas = limits.Options;
        var state = await _recorder.WriteAsync(async db =>
        {
            // Three statements in one command (one round trip), in one transaction: on SQLite an explicit one, on PostgreSQL
            // the implicit one of a multi-statement command, at read committed (each statement sees what was committed before
            // it began). 1. The upsert of the user's day locks it (a row lock on PostgreSQL, the write lock on SQLite), so the
            // admissions and batch uploads of one user, on any replica, run one after the other. 2. The reservation is
            // inserted only if what today already holds (see UsedToday) stays under the quotas; the quota overrides are read
            // as stored now, not from a replica's cached copy, so an admin's change applies at once everywhere. 3. What was
            // decided, and the figures for a refusal.
            await using var transaction = await UsageRecorder.BeginUnlessOneCommandIsAtomicAsync(db, cancellationToken);
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
                userId, today, now.UtcDateTime, quotas.DailyQuota, quotas.DailyExplanationQuota, reservation, explains, expiresAt, explains ? 1 : 0))
                .ToListAsync(cancellationToken);
            // Not cancellable once sent: a commit that succeeds while the caller reports it cancelled would leave a
            // reservation nobody disposes.
            if (transaction is not null) await transaction.CommitAsync(CancellationToken.None);
            return rows.Count == 1 ? rows[0] : throw new InvalidOperationException($"No user {userId} to admit an analysis for.");
        }, cancellationToken);

        if (state.Admitted == 1) return new Admission(this, reservation, userId, channel, explain, characters, null);

        var refusal = state.Used >= state.DailyQuota
            ? new UsageRefusal("Daily quota reached",
                $"You have used your daily quota of {state.DailyQuota:N0} analyses. It resets at {resetAt:yyyy-MM-dd HH:mm} UTC.", resetAt)
            : new UsageRefusal("Daily explanation quota reached",
                $"You have used your daily quota of {state.DailyExplanationQuota:N0} explained analyses. It resets at {resetAt:yyyy-MM-dd HH:mm} UTC; analyses without an explanation are still available.", resetAt);
        await RecordRejectedAsync(userId, channel, explain, characters);
        return new Admission(this, null, userId, channel, explain, characters, refusal);
    }

    /// <summary>Records batch rows as accepted analyses, one event per row (channel <c>batch</c>), in a write of their own.</summary>
    public Task RecordBatchRowsAsync(string userId, int rows) =>
        _recorder.WriteAsync(async db =>
        {
            await using var transaction = await db.Database.BeginTransactionAsync();
            await RecordBatchRowsAsync(db, userId, rows, CancellationToken.None);
            await transaction.CommitAsync();
            return rows;
        });

    /// <summary>
    /// Records the rows of a batch chunk as accepted analyses, one event per row (channel <c>batch</c>), in the caller's
    /// transaction on <paramref name="db"/> (the chunk's).
    /// </summary>
    public Task RecordBatchRowsAsync(BiasDbContext db, string userId, int rows, CancellationToken cancellationToken) =>
        UsageRecorder.AppendAsync(db, Enumerable.Range(0, rows)
            .Select(_ => NewEvent(userId, UsageChannels.Batch, ExplanationMode.None, 0, 0, 0, UsageOutcomes.Ok)).ToArray(), cancellationToken);

    /// <summary>Records a refused request.</summary>
    public Task RecordRejectedAsync(string userId, string channel, ExplanationMode explain, int characters) =>
        _recorder.RecordAsync(NewEvent(userId, channel, explain, characters, 0, 0, UsageOutcomes.Rejected));

    /// <summary>Days of history in <see cref="UsageStatus.LastDays"/>, today included.</summary>
    public const int HistoryDays = 30;

    /// <summary>The caller's usage today, limits and what remains, plus the last 30 days (today included) split by channel.</summary>
    public async Task<UsageStatus> GetStatusAsync(string userId, CancellationToken cancellationToken = default)
    {
        var applied = limits.For(userId);
        var asked = time.GetUtcNow();
        var today = DateOnly.FromDateTime(asked.UtcDateTime);
        await using var db = await dbs.CreateDbContextAsync(cancellationToken);
        var email = await db.Users.Where(u => u.Id == userId).Select(u => u.Email).FirstOrDefaultAsync(cancellationToken);
        var firstDay = today.AddDays(-(HistoryDays - 1));
        var aggregates = await db.DailyUsage.AsNoTracking().Where(d => d.UserId == userId && d.Day >= firstDay)
            .OrderBy(d => d.Day).ToListAsync(cancellationToken);
        // The aggregate has no channel; the raw events do, for as long as they are kept (Usage:RetentionDays, default 30).
        var start = firstDay.ToDateTime(TimeOnly.MinValue);
        var channels = (await db.UsageEvents.AsNoTracking().Where(e => e.UserId == userId && e.At >= start && e.Outcome == UsageOutcomes.Ok)
                .GroupBy(e => new { e.At.Date, e.Channel }).Select(g => new { g.Key.Date, g.Key.Channel, Count = g.Count() })
                .ToListAsync(cancellationToken))
            .ToDictionary(c => (DateOnly.FromDateTime(c.Date), c.Channel), c => c.Count);
        var days = aggregates.Select(d => new UsageDay(d.Day, d.Requests, d.Rejected, d.Explanations,
            channels.GetValueOrDefault((d.Day, UsageChannels.Ui)), channels.GetValueOrDefault((d.Day, UsageChannels.Api)),
            channels.GetValueOrDefault((d.Day, UsageChannels.Batch)))).ToList();
        var now = days.FirstOrDefault(d => d.Day == today) ?? new UsageDay(today, 0, 0, 0);
        return new UsageStatus(email, now, applied,
            Math.Max(0, applied.DailyQuota - now.Requests), Math.Max(0, applied.DailyExplanationQuota - now.Explanations),
            ResetAt(asked), days);
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

    /// <summary>A quota decision: whether a reservation was made (1), what today holds (<see cref="UsedToday"/>) and the quotas that apply.</summary>
    private sealed class QuotaState
    {
        public int Admitted { get; init; }
        public int Used { get; init; }
        public int DailyQuota { get; init; }
        public int DailyExplanationQuota { get; init; }
    }

    /// <summary>
    /// Checks, in the caller's transaction on <paramref name="db"/>, whether <paramref name="userId"/> may upload a batch of
    /// <paramref name="rows"/> rows: locks the user's day like an admission, so the batch, once the caller saves it in the same
    /// transaction, holds its rows (see <see cref="UsedToday"/>) before any other admission or upload of the user, on any
    /// replica, is decided. Null when allowed, else why not.
    /// </summary>
    public async Task<string?> CheckBatchAsync(BiasDbContext db, string userId, int rows, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var state = await QuotaStateAsync(db, userId, now, LockDay + ";\nSELECT 0 AS \"Admitted\",", cancellationToken)
            ?? throw new InvalidOperationException($"No user {userId} to start a batch for.");
        var remaining = Math.Max(0, state.DailyQuota - state.Used);
        return remaining >= rows ? null
            : $"This batch has {rows:N0} rows but only {remaining:N0} analyses remain of today's quota; it resets at {ResetAt(now):yyyy-MM-dd HH:mm} UTC.";
    }

    /// <summary>What remains of today's quota for <paramref name="userId"/> (recorded, reserved and batch rows taken off), without locking.</summary>
    public async Task<BatchQuota> BatchQuotaAsync(string userId, CancellationToken cancellationToken)
    {
        await using var db = await dbs.CreateDbContextAsync(cancellationToken);
        var now = time.GetUtcNow();
        var state = await QuotaStateAsync(db, userId, now, "SELECT 0 AS \"Admitted\",", cancellationToken);
        return state is null
            ? new BatchQuota(0, limits.Options.DailyQuota, ResetAt(now))
            : new BatchQuota(Math.Max(0, state.DailyQuota - state.Used), state.DailyQuota, ResetAt(now));
    }

    private async Task<QuotaState?> QuotaStateAsync(BiasDbContext db, string userId, DateTimeOffset now, string prefix, CancellationToken cancellationToken)
    {
        var quotas = limits.Options;
        var rows = await db.Database.SqlQuery<QuotaState>(FormattableStringFactory.Create(prefix + QuotaStateColumns,
            userId, DateOnly.FromDateTime(now.UtcDateTime), now.UtcDateTime, quotas.DailyQuota, quotas.DailyExplanationQuota)).ToListAsync(cancellationToken);
        return rows.Count == 1 ? rows[0] : null;
    }

    /// <summary>When the quotas of the UTC day of <paramref name="now"/> start again: the next midnight, UTC.</summary>
    private static DateTimeOffset ResetAt(DateTimeOffset now) =>
        new(DateOnly.FromDateTime(now.UtcDateTime).AddDays(1).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);

    public static TimeSpan RetryAfter(RateLimitLease lease) =>
        lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter) ? retryAfter : TimeSpan.FromMinutes(1);

    private UsageEvent NewEvent(string userId, string channel, ExplanationMode explain, int characters, int sentences, double latencyMs, string outcome) => new()
    {
        UserId = userId,
        At = time.GetUtcNow().UtcDateTime,
        Channel = channel,
        Explain = explain.ToValue(),
        Characters = characters,
        Sentences = sentences,
        LatencyMs = latencyMs,
        Outcome = outcome,
    };

    /// <summary>An analysis admitted (or refused) under the daily quotas; record its outcome once, then dispose it.</summary>
    public sealed class Admission : IAsyncDisposable
    {
        private readonly UsageMeter _meter;
        private readonly string _userId;
        private readonly string _channel;
        private readonly ExplanationMode _explain;
        private readonly int _characters;
        private readonly long _started = Stopwatch.GetTimestamp();
        private Guid? _reservation;

        internal Admission(UsageMeter meter, Guid? reservation, string userId, string channel, ExplanationMode explain, int characters, UsageRefusal? refusal)
        {
            _meter = meter;
            _reservation = reservation;
            _userId = userId;
            _channel = channel;
            _explain = explain;
            _characters = characters;
            Refusal = refusal;
        }

        /// <summary>Set when the quotas refused the request (already recorded as rejected).</summary>
        public UsageRefusal? Refusal { get; }

        public TimeSpan Elapsed => Stopwatch.GetElapsedTime(_started);

        /// <summary>
        /// Records the analysis even if the caller has gone away; the reservation is released in the same transaction, so the
        /// analysis never counts twice or not at all.
        /// </summary>
        public async Task RecordAsync(string outcome, int sentences, double latencyMs)
        {
            if (_reservation is not { } reservation) return;
            _reservation = null;
            await _meter._recorder.RecordAsync(_meter.NewEvent(_userId, _channel, _explain, _characters, sentences, latencyMs, outcome),
                CancellationToken.None, releases: reservation);
        }

        /// <summary>Releases the reservation of an analysis that was not recorded (cancelled, or refused by validation).</summary>
        public async ValueTask DisposeAsync()
        {
            if (_reservation is not { } reservation) return;
            _reservation = null;
            await _meter._recorder.WriteAsync(db => db.UsageReservations.Where(r => r.Id == reservation).ExecuteDeleteAsync(CancellationToken.None));
        }
    }
}

/// <summary>
/// One day of a user's usage. <see cref="Requests"/> counts accepted analyses; <see cref="Page"/>, <see cref="Api"/> and
/// <see cref="Batch"/> split them by channel (the analysis page, <c>POST /api/v1/analyze</c>, batch rows) from the raw
/// events, so on days older than <c>Usage:RetentionDays</c> they add up to less than <see cref="Requests"/>.
/// </summary>
public sealed record UsageDay(DateOnly Day, int Requests, int Rejected, int Explanations, int Page = 0, int Api = 0, int Batch = 0);

/// <summary>Body of <c>GET /api/v1/usage</c>.</summary>
public sealed record UsageStatus(
    string? Email, UsageDay Today, UsageLimits Limits, int RemainingToday, int RemainingExplanationsToday, DateTimeOffset ResetsAt,
    IReadOnlyList<UsageDay> LastDays);
