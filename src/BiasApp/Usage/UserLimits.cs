using System.Collections.Concurrent;
using BiasApp.Core.Usage;
using BiasApp.Data;
using BiasApp.Redis;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace BiasApp.Usage;

/// <summary>
/// Effective limits per user (configuration plus admin overrides), cached for <see cref="CacheLifetime"/> because the rate
/// limiter asks on every metered request. With Redis configured, a change made on one replica is announced on a Redis
/// channel so that every replica drops its cached copy at once (and, the limit being part of the window's key, starts a
/// fresh window). Daily quotas do not use this cache: admission reads the overrides in its transaction.
/// </summary>
public sealed class UserLimits
{
    private readonly ConcurrentDictionary<string, (UsageLimits Limits, long At)> _cache = new();
    private readonly IDbContextFactory<BiasDbContext> _dbs;
    private readonly IOptionsMonitor<UsageOptions> _options;
    private readonly RedisConnection _redis;
    // The channel's name: a RedisChannel field would load StackExchange.Redis without Redis too (see RedisConnection).
    private readonly string _changes;

    public UserLimits(IDbContextFactory<BiasDbContext> dbs, IOptionsMonitor<UsageOptions> options, RedisConnection redis)
    {
        _dbs = dbs;
        _options = options;
        _redis = redis;
        _changes = redis.InstanceName + "limits-changed";
        if (redis.IsConfigured) _ = SubscribeAsync();
    }

    public UsageOptions Options => _options.CurrentValue;

    /// <summary>Limits for anonymous callers and users without overrides.</summary>
    public UsageLimits Defaults => UsageLimits.From(_options.CurrentValue);

    /// <summary>How long a cached copy is used: a change another replica could not announce is seen after this at the latest.</summary>
    public static readonly TimeSpan CacheLifetime = TimeSpan.FromSeconds(30);

    public UsageLimits For(string userId)
    {
        var now = Environment.TickCount64;
        if (_cache.TryGetValue(userId, out var cached) && now - cached.At < CacheLifetime.TotalMilliseconds) return cached.Limits;
        using var db = _dbs.CreateDbContext();
        var user = db.Users.AsNoTracking().Where(u => u.Id == userId)
            .Select(u => new { u.RequestsPerMinute, u.RequestsPerHour, u.DailyQuota, u.DailyExplanationQuota }).FirstOrDefault();
        var limits = user is null ? Defaults
            : UsageLimits.From(_options.CurrentValue, user.RequestsPerMinute, user.RequestsPerHour, user.DailyQuota, user.DailyExplanationQuota);
        _cache[userId] = (limits, now);
        return limits;
    }

    /// <summary>Call after changing a user's overrides: drops this replica's copy and, with Redis, every other replica's.</summary>
    public async Task InvalidateAsync(string userId)
    {
        _cache.TryRemove(userId, out _);
        if (_redis.IsConfigured) await AnnounceAsync(userId);
    }

    private async Task AnnounceAsync(string userId)
    {
        try
        {
            await _redis.Multiplexer.GetSubscriber().PublishAsync(RedisChannel.Literal(_changes), userId);
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            _redis.ReportFailure("other replicas keep a changed user's old limits until they restart", ex);
        }
    }

    // The multiplexer restores its subscriptions after a reconnect; only a change announced while this replica was cut off is missed.
    private async Task SubscribeAsync()
    {
        try
        {
            await _redis.Multiplexer.GetSubscriber().SubscribeAsync(RedisChannel.Literal(_changes), (channel, userId) => _cache.TryRemove(userId.ToString(), out _));
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            _redis.ReportFailure("limit changes made on other replicas are not seen until it is back", ex);
        }
    }
}
