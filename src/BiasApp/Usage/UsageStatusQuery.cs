using BiasApp.Data;
using Microsoft.EntityFrameworkCore;

namespace BiasApp.Usage;

/// <summary>A user's usage as the usage page and <c>GET /api/v1/usage</c> show it: today against the limits, and the last 30 days.</summary>
public sealed class UsageStatusQuery(UserLimits limits, IDbContextFactory<BiasDbContext> dbs, TimeProvider time)
{
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
            channels.GetValueOrDefault((d.Day, UsageChannels.Batch)), channels.GetValueOrDefault((d.Day, UsageChannels.Feedback)))).ToList();
        var now = days.FirstOrDefault(d => d.Day == today) ?? new UsageDay(today, 0, 0, 0);
        return new UsageStatus(email, now, applied,
            Math.Max(0, applied.DailyQuota - now.Requests), Math.Max(0, applied.DailyExplanationQuota - now.Explanations),
            QuotaGate.ResetAt(asked), days);
    }
}
