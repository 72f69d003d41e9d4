using System.Security.Claims;
using System.Threading.RateLimiting;

namespace BiasApp.Usage;

/// <summary>Who a metered request is counted against: a user id or <c>ip:ADDRESS</c>, with that caller's limits. A null key is not limited.</summary>
public sealed record UsageSubject(string? Key, int PerMinute, int PerHour)
{
    public static readonly UsageSubject Unmetered = new(null, 0, 0);
}

/// <summary>
/// Per-minute and per-hour fixed windows per caller. One limiter serves the ASP.NET Core rate limiting middleware (API) and
/// the analysis page (UI), so both channels share a caller's budget. A changed override starts a fresh window.
/// </summary>
public sealed class UsageRateLimiter : IDisposable
{
    private readonly PartitionedRateLimiter<UsageSubject> _limiter = PartitionedRateLimiter.CreateChained(
        PartitionedRateLimiter.Create<UsageSubject, string>(subject => Window(subject, "m", subject.PerMinute, TimeSpan.FromMinutes(1))),
        PartitionedRateLimiter.Create<UsageSubject, string>(subject => Window(subject, "h", subject.PerHour, TimeSpan.FromHours(1))));

    public RateLimitLease Acquire(UsageSubject subject) => _limiter.AttemptAcquire(subject);

    /// <summary>The same limiter keyed by request, for <c>RateLimiterOptions.GlobalLimiter</c>.</summary>
    public PartitionedRateLimiter<HttpContext> ForRequests(Func<HttpContext, UsageSubject> subject) =>
        _limiter.WithTranslatedKey(subject, leaveOpen: true);

    /// <summary>The subject of a request: unmetered unless its endpoint is metered; then the user, else the client IP.</summary>
    public static UsageSubject SubjectOf(HttpContext context, UserLimits limits)
    {
        if (context.GetEndpoint()?.Metadata.GetMetadata<UsageMeteredMetadata>() is null) return UsageSubject.Unmetered;
        var userId = context.User.FindFirstValue(ClaimTypes.NameIdentifier);
        var applied = userId is null ? limits.Defaults : limits.For(userId);
        return new UsageSubject(userId ?? $"ip:{context.Connection.RemoteIpAddress}", applied.RequestsPerMinute, applied.RequestsPerHour);
    }

    private static RateLimitPartition<string> Window(UsageSubject subject, string kind, int limit, TimeSpan window) =>
        subject.Key is null
            ? RateLimitPartition.GetNoLimiter("")
            : RateLimitPartition.GetFixedWindowLimiter($"{subject.Key}|{kind}{limit}", _ => new FixedWindowRateLimiterOptions
            {
                PermitLimit = limit,
                Window = window,
                QueueLimit = 0,
                AutoReplenishment = true,
            });

    public void Dispose() => _limiter.Dispose();
}

/// <summary>Marks an endpoint whose calls are analyses: rate limited, quota-checked and recorded.</summary>
public sealed class UsageMeteredMetadata;
