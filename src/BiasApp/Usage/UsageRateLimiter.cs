using System.Diagnostics;
using System.Globalization;
using System.Security.Claims;
using System.Threading.RateLimiting;
using BiasApp.Redis;
using RedisRateLimiting;
using StackExchange.Redis;

namespace BiasApp.Usage;

/// <summary>
/// Per-minute and per-hour fixed windows per caller. One limiter serves the ASP.NET Core rate limiting middleware (API) and
/// the analysis page (UI), so both channels share a caller's budget. A changed override starts a fresh window (the limit is
/// part of the window's key).
/// <para>
/// Without Redis the windows are <see cref="FixedWindowRateLimiter"/>s in this process. With <c>Redis:Configuration</c> set
/// they are RedisRateLimiting's fixed windows, counted in Redis under <c>Redis:InstanceName</c>, so every replica shares
/// them; that library only acquires asynchronously, hence <see cref="AcquireAsync"/>. When Redis cannot be reached the
/// windows fail open: the request is let through without counting, a warning is logged (at most every 30 s) and the
/// <c>redis</c> health check reports Degraded. Refusing every analysis because a counter is unreachable would turn a Redis
/// outage into an outage of the app, while the daily quotas (in the database) still bound what a caller can use.
/// </para>
/// </summary>
public sealed class UsageRateLimiter : IDisposable
{
    /// <summary>Lease metadata of an acquired request: the tighter of its two windows (see <see cref="Tighter"/>).</summary>
    public static readonly MetadataName<UsageWindow> WindowMetadata = MetadataName.Create<UsageWindow>("BIASAPP_USAGE_WINDOW");

    private readonly RedisConnection _redis;
    private readonly PartitionedRateLimiter<UsageSubject> _minute;
    private readonly PartitionedRateLimiter<UsageSubject> _hour;

    public UsageRateLimiter(RedisConnection redis)
    {
        _redis = redis;
        _minute = PartitionedRateLimiter.Create<UsageSubject, string>(subject => Partition(subject, "m", subject.PerMinute, TimeSpan.FromMinutes(1)));
        _hour = PartitionedRateLimiter.Create<UsageSubject, string>(subject => Partition(subject, "h", subject.PerHour, TimeSpan.FromHours(1)));
    }

    /// <summary>
    /// Counts one request of <paramref name="subject"/> in both windows. An acquired lease carries <see cref="WindowMetadata"/>
    /// (unless Redis failed open); a refused one carries <see cref="MetadataName.RetryAfter"/>: when the refusing window resets.
    /// </summary>
    public async ValueTask<RateLimitLease> AcquireAsync(UsageSubject subject, CancellationToken cancellationToken = default)
    {
        if (subject.Key is null) return WindowLease.Unlimited;
        var minute = await _minute.AcquireAsync(subject, 1, cancellationToken);
        if (!minute.IsAcquired) return minute;
        // As in a chained limiter, a request the hour refuses has still used a permit of its minute window.
        var hour = await _hour.AcquireAsync(subject, 1, cancellationToken);
        if (!hour.IsAcquired)
        {
            minute.Dispose();
            return hour;
        }
        var tighter = Tighter(minute, hour);
        (tighter == minute ? hour : minute).Dispose();
        return tighter;
    }

    /// <summary>
    /// The lease whose window binds: the one with fewer requests left; on a tie the one that resets later, since the other
    /// resetting first does not let the caller in. A lease without a window (Redis failed open) loses.
    /// </summary>
    private static RateLimitLease Tighter(RateLimitLease minute, RateLimitLease hour)
    {
        if (!hour.TryGetMetadata(WindowMetadata, out var h) || h is null) return minute;
        if (!minute.TryGetMetadata(WindowMetadata, out var m) || m is null) return hour;
        return h.Remaining < m.Remaining || (h.Remaining == m.Remaining && h.ResetAfter >= m.ResetAfter) ? hour : minute;
    }

    /// <summary>
    /// The same limiter keyed by request, for <c>RateLimiterOptions.GlobalLimiter</c>. Metered requests are decided only by the
    /// asynchronous path (the middleware's synchronous attempt is declined, and it then waits on the asynchronous one), so a
    /// request is counted once; an acquired one gets the <c>RateLimit-*</c> headers on a successful answer.
    /// </summary>
    public PartitionedRateLimiter<HttpContext> ForRequests(Func<HttpContext, UsageSubject> subject) => new RequestLimiter(this, subject);

    /// <summary>The subject of a request: unmetered unless its endpoint is metered; then the user, else the client IP.</summary>
    public static UsageSubject SubjectOf(HttpContext context, UserLimits limits)
    {
        if (context.GetEndpoint()?.Metadata.GetMetadata<UsageMeteredMetadata>() is null) return UsageSubject.Unmetered;
        var userId = context.User.FindFirstValue(ClaimTypes.NameIdentifier);
        var applied = userId is null ? limits.Defaults : limits.For(userId);
        return new UsageSubject(userId ?? $"ip:{context.Connection.RemoteIpAddress}", applied.RequestsPerMinute, applied.RequestsPerHour);
    }

    private RateLimitPartition<string> Partition(UsageSubject subject, string kind, int limit, TimeSpan window)
    {
        if (subject.Key is null) return RateLimitPartition.GetNoLimiter("");
        var key = $"{subject.Key}|{kind}{limit}";
        return _redis.IsConfigured
            ? RateLimitPartition.Get(key, k => new RedisWindow(_redis.InstanceName + "rate:" + k, limit, window, _redis))
            : RateLimitPartition.Get(key, _ => new LocalWindow(limit, window));
    }

    public void Dispose()
    {
        _minute.Dispose();
        _hour.Dispose();
    }

    /// <summary>One caller's window in this process: the fixed window used before Redis, plus where the caller stands in it.</summary>
    private sealed class LocalWindow(int limit, TimeSpan window) : RateLimiter
    {
        private readonly FixedWindowRateLimiter _inner = new(new FixedWindowRateLimiterOptions
        {
            PermitLimit = limit,
            Window = window,
            QueueLimit = 0,
            AutoReplenishment = true,
        });

        // The inner limiter's timer refills it every window from its creation.
        private readonly long _created = Stopwatch.GetTimestamp();

        public override TimeSpan? IdleDuration => _inner.IdleDuration;

        public override RateLimiterStatistics? GetStatistics() => _inner.GetStatistics();

        protected override RateLimitLease AttemptAcquireCore(int permitCount) => Describe(_inner.AttemptAcquire(permitCount));

        protected override async ValueTask<RateLimitLease> AcquireAsyncCore(int permitCount, CancellationToken cancellationToken) =>
            Describe(await _inner.AcquireAsync(permitCount, cancellationToken));

        private WindowLease Describe(RateLimitLease lease)
        {
            using (lease)
            {
                var elapsed = Stopwatch.GetElapsedTime(_created);
                var resetAfter = window - TimeSpan.FromTicks(elapsed.Ticks % window.Ticks);
                return new WindowLease(lease.IsAcquired, new UsageWindow(limit, _inner.GetStatistics()?.CurrentAvailablePermits ?? 0, resetAfter));
            }
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing) _inner.Dispose();
            base.Dispose(disposing);
        }
    }

    /// <summary>One caller's window in Redis (RedisRateLimiting's fixed window), failing open when Redis is unreachable.</summary>
    private sealed class RedisWindow : RateLimiter
    {
        private readonly RedisFixedWindowRateLimiter<string> _inner;
        private readonly int _limit;
        private readonly TimeSpan _window;
        private readonly RedisConnection _redis;
        private long _lastUsed = Stopwatch.GetTimestamp();

        public RedisWindow(string key, int limit, TimeSpan window, RedisConnection redis)
        {
            _limit = limit;
            _window = window;
            _redis = redis;
            _inner = new RedisFixedWindowRateLimiter<string>(key, new RedisFixedWindowRateLimiterOptions
            {
                PermitLimit = limit,
                Window = window,
                ConnectionMultiplexerFactory = () => redis.Multiplexer,
            });
        }

        // The count lives in Redis, so an unused partition may go (after 10 s idle) and come back without losing anything.
        public override TimeSpan? IdleDuration => Stopwatch.GetElapsedTime(Interlocked.Read(ref _lastUsed));

        public override RateLimiterStatistics? GetStatistics() => null;

        // The library declines synchronous attempts too: Redis is only asked asynchronously.
        protected override RateLimitLease AttemptAcquireCore(int permitCount) => WindowLease.Declined;

        protected override async ValueTask<RateLimitLease> AcquireAsyncCore(int permitCount, CancellationToken cancellationToken)
        {
            Interlocked.Exchange(ref _lastUsed, Stopwatch.GetTimestamp());
            try
            {
                using var lease = await _inner.AcquireAsync(permitCount, cancellationToken);
                var remaining = lease.TryGetMetadata(RateLimitMetadataName.Remaining, out var left) ? left : 0;
                // Reset is the window's end in Unix seconds.
                var resetAfter = lease.TryGetMetadata(RateLimitMetadataName.Reset, out var resetAt)
                    ? DateTimeOffset.FromUnixTimeSeconds(resetAt) - DateTimeOffset.UtcNow
                    : _window;
                return new WindowLease(lease.IsAcquired, new UsageWindow(_limit, remaining, resetAfter < TimeSpan.Zero ? TimeSpan.Zero : resetAfter));
            }
            catch (Exception ex) when (ex is RedisException or TimeoutException)
            {
                _redis.ReportFailure("rate limits let requests through uncounted", ex);
                return WindowLease.Unlimited;
            }
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing) _inner.Dispose();
            base.Dispose(disposing);
        }
    }

    /// <summary>A lease with <see cref="WindowMetadata"/> and, when refused, <see cref="MetadataName.RetryAfter"/> (when the window resets).</summary>
    private sealed class WindowLease(bool acquired, UsageWindow? window) : RateLimitLease
    {
        /// <summary>Acquired without a window: unmetered, or Redis failed open.</summary>
        public static readonly WindowLease Unlimited = new(true, null);

        /// <summary>Refused without a window: the synchronous attempt on a limiter that only decides asynchronously.</summary>
        public static readonly WindowLease Declined = new(false, null);

        public override bool IsAcquired => acquired;

        public override IEnumerable<string> MetadataNames => window is null ? []
            : acquired ? [WindowMetadata.Name] : [WindowMetadata.Name, MetadataName.RetryAfter.Name];

        public override bool TryGetMetadata(string metadataName, out object? metadata)
        {
            metadata = metadataName == WindowMetadata.Name ? window
                : metadataName == MetadataName.RetryAfter.Name && !acquired ? window?.ResetAfter
                : null;
            return metadata is not null;
        }
    }

    private sealed class RequestLimiter(UsageRateLimiter limiter, Func<HttpContext, UsageSubject> subjectOf) : PartitionedRateLimiter<HttpContext>
    {
        public override RateLimiterStatistics? GetStatistics(HttpContext resource) => null;

        protected override RateLimitLease AttemptAcquireCore(HttpContext resource, int permitCount) =>
            subjectOf(resource).Key is null ? WindowLease.Unlimited : WindowLease.Declined;

        protected override async ValueTask<RateLimitLease> AcquireAsyncCore(HttpContext resource, int permitCount, CancellationToken cancellationToken)
        {
            var lease = await limiter.AcquireAsync(subjectOf(resource), cancellationToken);
            if (lease.IsAcquired && lease.TryGetMetadata(WindowMetadata, out var window) && window is not null)
                RateLimitHeaders.AddOnSuccess(resource.Response, window);
            return lease;
        }
    }
}

/// <summary>
/// The <c>RateLimit-Limit</c>, <c>RateLimit-Remaining</c> and <c>RateLimit-Reset</c> headers of the IETF draft
/// (draft-ietf-httpapi-ratelimit-headers, the three-field form): the limit of the binding window, the requests left in it and
/// the seconds until it resets. Of the two windows the binding one is the one with fewer requests left (see
/// <see cref="UsageRateLimiter"/>). Refusals carry <c>Retry-After</c> instead (<see cref="UsageProblems"/>).
/// </summary>
internal static class RateLimitHeaders
{
    public const string Limit = "RateLimit-Limit";
    public const string Remaining = "RateLimit-Remaining";
    public const string Reset = "RateLimit-Reset";

    /// <summary>Adds the headers to <paramref name="response"/> when it starts, if it is a success (2xx).</summary>
    public static void AddOnSuccess(HttpResponse response, UsageWindow window) => response.OnStarting(() =>
    {
        if (response.StatusCode is >= 200 and < 300)
        {
            response.Headers[Limit] = window.Limit.ToString(CultureInfo.InvariantCulture);
            response.Headers[Remaining] = window.Remaining.ToString(CultureInfo.InvariantCulture);
            response.Headers[Reset] = ((long)Math.Ceiling(window.ResetAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
        }
        return Task.CompletedTask;
    });
}
