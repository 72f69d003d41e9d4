using System.Security.Claims;
using System.Threading.RateLimiting;
using BiasApp.Usage;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace BiasApp.Batches;

/// <summary>
/// The rate limiter policy of <c>POST /api/v1/batches</c>: a caller (the signed-in user, else the client IP) may post
/// <see cref="BatchOptions.UploadsPerMinute"/> uploads a minute in a fixed window, whatever becomes of them, since reading and
/// parsing a refused file is the work being bounded. More are refused before the body is read with 429 ProblemDetails and
/// <c>Retry-After</c>. Reading status and results is not limited: clients poll it. The windows are counted in this
/// process, so behind N replicas a caller may post up to N times as many.
/// </summary>
public sealed class BatchUploadRateLimit(IOptions<BatchOptions> options) : IRateLimiterPolicy<string>
{
    /// <summary>The policy's name, for <c>RequireRateLimiting</c>.</summary>
    public const string PolicyName = "batch-uploads";

    private static readonly TimeSpan Window = TimeSpan.FromMinutes(1);

    public Func<OnRejectedContext, CancellationToken, ValueTask>? OnRejected => RejectAsync;

    public RateLimitPartition<string> GetPartition(HttpContext httpContext)
    {
        var caller = httpContext.User.FindFirstValue(ClaimTypes.NameIdentifier) ?? $"ip:{httpContext.Connection.RemoteIpAddress}";
        var limit = options.Value.UploadsPerMinute;
        return RateLimitPartition.GetFixedWindowLimiter(caller, _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = limit,
            Window = Window,
            QueueLimit = 0,
        });
    }

    private async ValueTask RejectAsync(OnRejectedContext rejected, CancellationToken cancellationToken)
    {
        var context = rejected.HttpContext;
        var retryAfter = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var after) ? after : Window;
        var limit = options.Value.UploadsPerMinute;
        await UsageProblems.TooManyRequests(context, retryAfter, "Too many batch uploads",
                $"You can post {limit:N0} batch uploads per minute; retry after the number of seconds in Retry-After.")
            .ExecuteAsync(context);
    }
}
