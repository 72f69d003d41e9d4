using System.Runtime.CompilerServices;
using BiasApp.Core.Inference;
using HealthChecks.Redis;
using Microsoft.Extensions.Caching.Distributed;
using Microsoft.Extensions.Caching.StackExchangeRedis;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace BiasApp.Redis;

/// <summary>
/// The optional Redis server (<c>Redis</c> section) that replicas share: the connection, the shared level of the result
/// cache and the <c>redis</c> health check. Everything is registered always and decides from <see cref="RedisOptions"/> when
/// first resolved, because test hosts set their configuration after <c>Program</c> has registered its services.
/// </summary>
public static class RedisExtensions
{
    public static WebApplicationBuilder AddRedis(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<RedisOptions>().BindConfiguration(RedisOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton<RedisConnection>();
        // ResultCache takes null as "memory only".
        builder.Services.AddKeyedSingleton<IDistributedCache>(ResultCache.SharedLevelKey, (services, _) =>
        {
            var redis = services.GetRequiredService<RedisConnection>();
            return redis.IsConfigured ? SharedCache(redis) : null!;
        });
        return builder;
    }

    // Apart, and typed by its interface, so that the JIT loads the Redis cache's assemblies only when Redis is configured
    // (compiling a call loads the types in the callee's signature; see RedisConnection).
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static IDistributedCache SharedCache(RedisConnection redis) =>
        new RedisCache(Options.Create(new RedisCacheOptions
        {
            ConnectionMultiplexerFactory = () => Task.FromResult(redis.Multiplexer),
            InstanceName = redis.InstanceName + "results:",
        }));

    /// <summary>
    /// With Redis configured, a <c>redis</c> check (tag <c>ready</c>) that pings it over the shared connection. Its failure is
    /// Degraded, not Unhealthy: without Redis the app still answers (rate limits fail open, the cache misses).
    /// </summary>
    public static IHealthChecksBuilder AddRedisIfConfigured(this IHealthChecksBuilder checks)
    {
        checks.Services.AddOptions<HealthCheckServiceOptions>().Configure<IOptions<RedisOptions>>((options, redis) =>
        {
            if (!redis.Value.IsConfigured) return;
            options.Registrations.Add(new HealthCheckRegistration("redis",
                services => new RedisHealthCheck(services.GetRequiredService<RedisConnection>().Multiplexer),
                HealthStatus.Degraded, ["ready"], TimeSpan.FromSeconds(5)));
        });
        return checks;
    }
}
