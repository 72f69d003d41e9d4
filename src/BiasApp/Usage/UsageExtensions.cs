using BiasApp.Core.Explanations;
using System.Security.Claims;
using BiasApp.Core.Analysis;
using BiasApp.Core.Usage;
using BiasApp.Data;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace BiasApp.Usage;

/// <summary>Usage accounting, limits and trimming (<c>Usage</c> section), and <c>GET /api/v1/usage</c>.</summary>
public static class UsageExtensions
{
    public static WebApplicationBuilder AddUsage(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<UsageOptions>().BindConfiguration(UsageOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<UsageStore>();
        builder.Services.AddSingleton<UserLimits>();
        builder.Services.AddSingleton<UsageRateLimiter>();
        builder.Services.AddSingleton<QuotaGate>();
        builder.Services.AddSingleton<UsageStatusQuery>();
        builder.Services.AddSingleton<UsageAdmission>();
        builder.Services.AddSingleton<IUsageMeter>(services => services.GetRequiredService<UsageAdmission>());
        builder.Services.AddSingleton<BiasApp.Batches.IBatchUsageHook>(services => services.GetRequiredService<UsageAdmission>());
        builder.Services.AddHostedService<UsageTrimmer>();

        builder.Services.AddRateLimiter(options => options.OnRejected = OnRateLimitedAsync);
        builder.Services.AddOptions<RateLimiterOptions>().Configure<UsageRateLimiter, UserLimits>((options, limiter, limits) =>
            options.GlobalLimiter = limiter.ForRequests(context => UsageRateLimiter.SubjectOf(context, limits)));
        return builder;
    }

    /// <summary>The rate limiter; after authentication, so requests are partitioned by user.</summary>
    public static WebApplication UseUsage(this WebApplication app)
    {
        app.UseRateLimiter();
        return app;
    }

    /// <summary>Makes an analysis endpoint rate limited, quota-checked and recorded.</summary>
    public static RouteHandlerBuilder MeterUsage(this RouteHandlerBuilder endpoint) =>
        endpoint.WithMetadata(new UsageMeteredMetadata())
            .AddEndpointFilter<UsageEndpointFilter>()
            .ProducesProblem(StatusCodes.Status429TooManyRequests);

    public static IEndpointRouteBuilder MapUsageEndpoints(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1").WithTags("Usage").RequireAuthorization();
        api.MapGet("/usage", GetUsageAsync).WithName("GetUsage").WithSummary("The caller's usage today, limits and remaining quota.");
        return app;
    }

    internal static async Task<Results<Ok<UsageStatus>, UnauthorizedHttpResult>> GetUsageAsync(
        ClaimsPrincipal user, UsageStatusQuery usage, CancellationToken cancellationToken) =>
        user.FindFirstValue(ClaimTypes.NameIdentifier) is { } userId
            ? TypedResults.Ok(await usage.GetStatusAsync(userId, cancellationToken))
            : TypedResults.Unauthorized();

    private static async ValueTask OnRateLimitedAsync(OnRejectedContext rejected, CancellationToken cancellationToken)
    {
        var context = rejected.HttpContext;
        if (context.User.FindFirstValue(ClaimTypes.NameIdentifier) is { } userId)
        {
            // The body has not been read, so the explanation asked for is unknown here.
            await context.RequestServices.GetRequiredService<QuotaGate>()
                .RecordRejectedAsync(userId, UsageChannels.Api, ExplanationMode.None, (int)(context.Request.ContentLength ?? 0));
        }
        await UsageProblems.TooManyRequests(context, UsageAdmission.RetryAfter(rejected.Lease), "Rate limit reached",
            "Too many analyses in a short time; retry after the number of seconds in Retry-After.").ExecuteAsync(context);
    }
}
