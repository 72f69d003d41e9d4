using BiasApp.Core.Explanations;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Security.Claims;
using System.Threading.RateLimiting;
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
    /// disposed. Decided in the database, in one transaction that first locks the user's day (an upsert of its
    /// <see cref="DailyUsage"/> row: a row lock on PostgreSQL, the write lock on SQLite), then counts the day's recorded
    /// analyses plus the live reservations and adds one: so concurrent requests on any number of replicas sharing the database
    /// are checked one at a time and quotas are exact. A refusal is recorded.
    /// </summary>
    public async Task<Admission> AdmitAsync(string userId, string channel, ExplanationMode explain, int characters, CancellationToken cancellationToken)
    {
        var explains = explain != ExplanationMode.None;
        var now = time.GetUtcNow();
        var today = DateOnly.FromDateTime(now.UtcDateTime);
        var resetAt = new DateTimeOffset(today.AddDays(1).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
        var reservation = new UsageReservation
        {
            Id = Guid.NewGuid(), UserId = userId, Day = today, Explains = explains, ExpiresAt = (now + options.Value.ReservationLifetime).UtcDateTime,
        };
        var refusal = await _recorder.WriteAsync(async db =>
        {
            var utcNow = now.UtcDateTime;
            // Read committed on PostgreSQL whatever the server's default: after waiting for the row lock, the counts below
            // must see what the transaction that held it committed.
            await using var transaction = db.Database.IsPostgreSql()
                ? await db.Database.BeginTransactionAsync(System.Data.IsolationLevel.ReadCommitted, cancellationToken)
                : await db.Database.BeginTransactionAsync(cancellationToken);
            await db.Database.ExecuteSqlAsync($"""
                INSERT INTO "DailyUsage" ("UserId", "Day", "Requests", "Rejected", "Errors", "Explanations", "Sentences", "Characters", "LatencyMsTotal")
                VALUES ({userId}, {today}, 0, 0, 0, 0, 0, 0, 0)
                ON CONFLICT ("UserId", "Day") DO UPDATE SET "Requests" = "DailyUsage"."Requests"
                """, cancellationToken);
            // One query: the user's quota overrides as stored now (not a replica's cached copy, so an admin's change on
            // another replica applies at once), the day's recorded analyses and every live reservation (also one admitted
            // just before midnight: it is recorded, and counted, under today).
            var state = await db.Users.Where(u => u.Id == userId).Select(u => new
            {
                u.DailyQuota,
                u.DailyExplanationQuota,
                Requests = db.DailyUsage.Where(d => d.UserId == userId && d.Day == today).Select(d => d.Requests).FirstOrDefault(),
                Explanations = db.DailyUsage.Where(d => d.UserId == userId && d.Day == today).Select(d => d.Explanations).FirstOrDefault(),
                Reserved = db.UsageReservations.Count(r => r.UserId == userId && r.ExpiresAt > utcNow),
                ReservedExplanations = db.UsageReservations.Count(r => r.UserId == userId && r.ExpiresAt > utcNow && r.Explains),
            }).SingleAsync(cancellationToken);
            var applied = UsageLimits.From(limits.Options, daily: state.DailyQuota, dailyExplanations: state.DailyExplanationQuota);
            var recorded = new { state.Requests, state.Explanations };
            var reserved = state.Reserved;
            if (recorded.Requests + reserved >= applied.DailyQuota)
            {
                return new UsageRefusal("Daily quota reached",
                    $"You have used your daily quota of {applied.DailyQuota:N0} analyses. It resets at {resetAt:yyyy-MM-dd HH:mm} UTC.", resetAt);
            }
            if (explains && recorded.Explanations + state.ReservedExplanations >= applied.DailyExplanationQuota)
            {
                return new UsageRefusal("Daily explanation quota reached",
                    $"You have used your daily quota of {applied.DailyExplanationQuota:N0} explained analyses. It resets at {resetAt:yyyy-MM-dd HH:mm} UTC; analyses without an explanation are still available.", resetAt);
            }
            db.UsageReservations.Add(reservation);
            await db.SaveChangesAsync(cancellationToken);
            // Not cancellable once sent: a commit that succeeds while the caller reports it cancelled would leave a
            // reservation nobody disposes.
            await transaction.CommitAsync(CancellationToken.None);
            return null;
        }, cancellationToken);

        if (refusal is not null)
        {
            await RecordRejectedAsync(userId, channel, explain, characters);
            return new Admission(this, null, userId, channel, explain, characters, refusal);
        }
        return new Admission(this, reservation.Id, userId, channel, explain, characters, null);
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
        var today = DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);
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
            new DateTimeOffset(today.AddDays(1).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero), days);
    }

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
            await _meter._recorder.RecordAsync([_meter.NewEvent(_userId, _channel, _explain, _characters, sentences, latencyMs, outcome)],
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
