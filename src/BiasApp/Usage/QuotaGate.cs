using BiasApp.Core.Explanations;
using BiasApp.Batches;
using BiasApp.Core.Usage;
using BiasApp.Data;
using Microsoft.Extensions.Options;

namespace BiasApp.Usage;

/// <summary>
/// The daily quotas: admits an analysis (a reservation in the database, exact across replicas), checks a batch upload against
/// what remains, and records what was refused or run. The decisions themselves are <see cref="UsageStore"/>'s statements.
/// </summary>
public sealed class QuotaGate(UsageStore store, UserLimits limits, TimeProvider time, IOptions<UsageOptions> options)
{
    /// <summary>
    /// Checks the daily quotas and, when they allow it, reserves one analysis until the returned admission is recorded or
    /// disposed. A refusal is recorded and carried by the admission.
    /// </summary>
    public async Task<Admission> AdmitAsync(string userId, string channel, ExplanationMode explain, int characters, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var reservation = Guid.NewGuid();
        var state = await store.ReserveAsync(Request(userId, now), reservation, explain != ExplanationMode.None,
            (now + options.Value.ReservationLifetime).UtcDateTime, cancellationToken);
        if (state.Admitted == 1) return new Admission(this, reservation, userId, channel, explain, characters, null);

        var resetAt = ResetAt(now);
        var refusal = state.Used >= state.DailyQuota
            ? new UsageRefusal("Daily quota reached",
                $"You have used your daily quota of {state.DailyQuota:N0} analyses. It resets at {resetAt:yyyy-MM-dd HH:mm} UTC.", resetAt)
            : new UsageRefusal("Daily explanation quota reached",
                $"You have used your daily quota of {state.DailyExplanationQuota:N0} explained analyses. It resets at {resetAt:yyyy-MM-dd HH:mm} UTC; analyses without an explanation are still available.", resetAt);
        await RecordRejectedAsync(userId, channel, explain, characters);
        return new Admission(this, null, userId, channel, explain, characters, refusal);
    }

    /// <summary>
    /// Checks, in the caller's transaction on <paramref name="db"/>, whether <paramref name="userId"/> may upload a batch of
    /// <paramref name="rows"/> rows, locking the user's day like an admission (see <see cref="UsageStore.QuotaStateAsync(BiasDbContext, QuotaRequest, bool, CancellationToken)"/>).
    /// Null when allowed, else why not.
    /// </summary>
    public async Task<string?> CheckBatchAsync(BiasDbContext db, string userId, int rows, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var state = await UsageStore.QuotaStateAsync(db, Request(userId, now), lockDay: true, cancellationToken)
            ?? throw new InvalidOperationException($"No user {userId} to start a batch for.");
        var remaining = Math.Max(0, state.DailyQuota - state.Used);
        return remaining >= rows ? null
            : $"This batch has {rows:N0} rows but only {remaining:N0} analyses remain of today's quota; it resets at {ResetAt(now):yyyy-MM-dd HH:mm} UTC.";
    }

    /// <summary>What remains of today's quota for <paramref name="userId"/> (recorded, reserved and batch rows taken off), without locking.</summary>
    public async Task<BatchQuota> BatchQuotaAsync(string userId, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var state = await store.QuotaStateAsync(Request(userId, now), cancellationToken);
        return state is null
            ? new BatchQuota(0, limits.Options.DailyQuota, ResetAt(now))
            : new BatchQuota(Math.Max(0, state.DailyQuota - state.Used), state.DailyQuota, ResetAt(now));
    }

    /// <summary>Records batch rows as accepted analyses, one event per row (channel <c>batch</c>), in a write of their own.</summary>
    public Task RecordBatchRowsAsync(string userId, int rows) =>
        store.WriteAsync(async db =>
        {
            await using var transaction = await db.Database.BeginTransactionAsync();
            await RecordBatchRowsAsync(db, userId, rows, CancellationToken.None);
            await transaction.CommitAsync();
            return rows;
        });

    /// <summary>Records the rows of a batch chunk as accepted analyses, in the caller's transaction on <paramref name="db"/> (the chunk's).</summary>
    public Task RecordBatchRowsAsync(BiasDbContext db, string userId, int rows, CancellationToken cancellationToken) =>
        UsageStore.AppendAsync(db, Enumerable.Range(0, rows)
            .Select(_ => NewEvent(userId, UsageChannels.Batch, ExplanationMode.None, 0, 0, 0, UsageOutcomes.Ok)).ToArray(), cancellationToken);

    /// <summary>Records a refused request.</summary>
    public Task RecordRejectedAsync(string userId, string channel, ExplanationMode explain, int characters) =>
        store.RecordAsync(NewEvent(userId, channel, explain, characters, 0, 0, UsageOutcomes.Rejected));

    /// <summary>Records an admitted analysis and releases its reservation in the same write.</summary>
    internal Task RecordAsync(Guid reservation, string userId, string channel, ExplanationMode explain, int characters, UsageMeasure measure) =>
        store.RecordAsync(NewEvent(userId, channel, explain, characters, measure.Sentences, measure.LatencyMs, measure.Outcome),
            CancellationToken.None, releases: reservation);

    /// <summary>Releases the reservation of an analysis that was not recorded.</summary>
    internal Task ReleaseAsync(Guid reservation) => store.ReleaseAsync(reservation);

    /// <summary>When the quotas of the UTC day of <paramref name="now"/> start again: the next midnight, UTC.</summary>
    public static DateTimeOffset ResetAt(DateTimeOffset now) =>
        new(DateOnly.FromDateTime(now.UtcDateTime).AddDays(1).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);

    private QuotaRequest Request(string userId, DateTimeOffset now) =>
        new(userId, now.UtcDateTime, limits.Options.DailyQuota, limits.Options.DailyExplanationQuota);

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
}
