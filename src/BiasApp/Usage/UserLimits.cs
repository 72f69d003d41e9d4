using System.Collections.Concurrent;
using BiasApp.Core.Usage;
using BiasApp.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace BiasApp.Usage;

/// <summary>Effective limits per user (configuration plus admin overrides), cached because the rate limiter asks synchronously on every metered request.</summary>
public sealed class UserLimits(IDbContextFactory<BiasDbContext> dbs, IOptionsMonitor<UsageOptions> options)
{
    private readonly ConcurrentDictionary<string, UsageLimits> _cache = new();

    public UsageOptions Options => options.CurrentValue;

    /// <summary>Limits for anonymous callers and users without overrides.</summary>
    public UsageLimits Defaults => UsageLimits.From(options.CurrentValue);

    public UsageLimits For(string userId) => _cache.GetOrAdd(userId, id =>
    {
        using var db = dbs.CreateDbContext();
        var user = db.Users.AsNoTracking().Where(u => u.Id == id)
            .Select(u => new { u.RequestsPerMinute, u.RequestsPerHour, u.DailyQuota, u.DailyExplanationQuota }).FirstOrDefault();
        return user is null ? Defaults
            : UsageLimits.From(options.CurrentValue, user.RequestsPerMinute, user.RequestsPerHour, user.DailyQuota, user.DailyExplanationQuota);
    });

    /// <summary>Call after changing a user's overrides.</summary>
    public void Invalidate(string userId) => _cache.TryRemove(userId, out _);
}
