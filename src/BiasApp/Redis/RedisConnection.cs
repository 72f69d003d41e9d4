using System.Diagnostics;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace BiasApp.Redis;

/// <summary>
/// The process's one StackExchange.Redis connection when <c>Redis:Configuration</c> is set; the rate limits, the shared
/// result cache and the <c>redis</c> health check all use it. Connects on first use and never gives up: while Redis is
/// unreachable the multiplexer keeps reconnecting in the background and commands fail at once (fail-fast backlog) instead of
/// queueing behind a dead server, so that each caller can fall back right away (the limits let requests through, the cache
/// misses) and report it through <see cref="ReportFailure"/>.
/// </summary>
public sealed class RedisConnection(IOptions<RedisOptions> options, ILogger<RedisConnection> logger) : IDisposable
{
    private static readonly TimeSpan WarningInterval = TimeSpan.FromSeconds(30);

    private readonly RedisOptions _options = options.Value;
    // The IConnectionMultiplexer, typed object: a field or Lazy of StackExchange.Redis's type would load that assembly in
    // every app, Redis or not (README, Performance); its types are only named in code that runs with Redis configured.
    private readonly Lock _connecting = new();
    private object? _multiplexer;
    private long _failures;
    private long _lastWarning;

    /// <summary>True when <c>Redis:Configuration</c> is set.</summary>
    public bool IsConfigured => _options.IsConfigured;

    /// <summary>Prefix of every key this app writes (<c>Redis:InstanceName</c>).</summary>
    public string InstanceName => _options.InstanceName;

    /// <summary>The shared multiplexer, connected on first use.</summary>
    /// <exception cref="InvalidOperationException">Redis is not configured.</exception>
    public IConnectionMultiplexer Multiplexer => IsConfigured
        ? (IConnectionMultiplexer)(Volatile.Read(ref _multiplexer) ?? ConnectOnce())
        : throw new InvalidOperationException("Redis:Configuration is not set.");

    /// <summary>Redis operations that failed since start and were answered without Redis.</summary>
    public long Failures => Interlocked.Read(ref _failures);

    /// <summary>
    /// Counts a failed operation that <paramref name="fallback"/> describes and logs a warning, at most one per 30 seconds:
    /// while Redis is down every request fails the same way.
    /// </summary>
    public void ReportFailure(string fallback, Exception exception)
    {
        var failures = Interlocked.Increment(ref _failures);
        var now = Stopwatch.GetTimestamp();
        var last = Interlocked.Read(ref _lastWarning);
        if (last != 0 && Stopwatch.GetElapsedTime(last, now) < WarningInterval) return;
        if (Interlocked.CompareExchange(ref _lastWarning, now, last) != last) return;
        logger.LogWarning(exception, "Redis is unreachable; {Fallback} ({Failures} failed operations so far)", fallback, failures);
    }

    private object ConnectOnce()
    {
        lock (_connecting)
        {
            if (_multiplexer is null) Volatile.Write(ref _multiplexer, Connect(_options, logger));
            return _multiplexer;
        }
    }

    private static ConnectionMultiplexer Connect(RedisOptions options, ILogger logger)
    {
        var configuration = ConfigurationOptions.Parse(options.Configuration!);
        // Start and keep serving without Redis; reconnect in the background.
        configuration.AbortOnConnectFail = false;
        configuration.BacklogPolicy = BacklogPolicy.FailFast;
        var multiplexer = ConnectionMultiplexer.Connect(configuration);
        if (!multiplexer.IsConnected)
            logger.LogWarning("Redis ({Configuration}) is not reachable yet; rate limits let requests through and the shared cache misses until it is",
                configuration.ToString(includePassword: false));
        return multiplexer;
    }

    public void Dispose() => (Volatile.Read(ref _multiplexer) as IDisposable)?.Dispose();
}
