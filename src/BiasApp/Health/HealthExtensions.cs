using System.Diagnostics;
using System.Text.Json;
using BiasApp.Core.Classification;
using BiasApp.Data;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace BiasApp.Health;

/// <summary>
/// <c>/health</c> (everything, for people and monitoring), <c>/health/ready</c> (may this replica take traffic: database
/// migrated and reachable, a model or the rules loaded, Redis when configured; 503 otherwise, for proxies and orchestrators)
/// and <c>/health/live</c> (the process answers; restart it when this fails).
/// </summary>
public static class HealthExtensions
{
    /// <summary>Checks with this tag decide readiness.</summary>
    public const string ReadyTag = "ready";

    public static WebApplicationBuilder AddHealth(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<HealthOptions>().BindConfiguration(HealthOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        var checks = builder.Services.AddHealthChecks()
            .AddCheck<ModelHealthCheck>("model")
            .AddCheck<MemoryHealthCheck>("memory")
            .AddDbContextCheck<BiasDbContext>("database", tags: [ReadyTag])
            .AddCheck<ReadinessHealthCheck>("startup", tags: [ReadyTag]);
        BiasApp.Redis.RedisExtensions.AddRedisIfConfigured(checks);
        return builder;
    }

    public static IEndpointRouteBuilder MapHealthEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapHealthChecks("/health", new HealthCheckOptions { ResponseWriter = WriteResponseAsync });
        app.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = check => check.Tags.Contains(ReadyTag), ResponseWriter = WriteChecksAsync });
        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false, ResponseWriter = WriteChecksAsync });
        return app;
    }

    /// <summary>Writes <c>{status, checks: {name: {status, description}}}</c>.</summary>
    internal static Task WriteChecksAsync(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "application/json; charset=utf-8";
        return context.Response.WriteAsJsonAsync(new { status = report.Status.ToString(), checks = Checks(report) }, HealthJson.Options);
    }

    private static Dictionary<string, HealthCheckEntry> Checks(HealthReport report) =>
        // Descriptions only: these endpoints are anonymous, and an exception's message can name hosts and ports.
        report.Entries.ToDictionary(e => e.Key, e => new HealthCheckEntry(e.Value.Status.ToString(), e.Value.Description));

    /// <summary>Writes <c>{status, modelLoaded, model, modelVersion, mode, error, workingSetMb, gcHeapMb, memoryThresholdMb, memory, checks}</c>.</summary>
    internal static Task WriteResponseAsync(HttpContext context, HealthReport report)
    {
        var models = context.RequestServices.GetRequiredService<ModelHost>();
        using var process = Process.GetCurrentProcess();
        var body = new HealthResponse(
            report.Status.ToString(),
            models.IsLoaded,
            models.Classifier?.Card.Name,
            models.Classifier?.Card.Version,
            JsonNamingPolicy.CamelCase.ConvertName(models.Mode.ToString()),
            models.LoadError,
            Math.Round(process.WorkingSet64 / 1048576.0, 1),
            Math.Round(GC.GetTotalMemory(forceFullCollection: false) / 1048576.0, 1),
            context.RequestServices.GetRequiredService<Microsoft.Extensions.Options.IOptions<HealthOptions>>().Value.MemoryThresholdMb,
            report.Entries.TryGetValue("memory", out var memory) ? memory.Description : null,
            Checks(report));
        context.Response.ContentType = "application/json; charset=utf-8";
        return context.Response.WriteAsJsonAsync(body, HealthJson.Options);
    }
}

internal sealed record HealthResponse(
    string Status, bool ModelLoaded, string? Model, string? ModelVersion, string Mode, string? Error, double WorkingSetMb, double GcHeapMb,
    int MemoryThresholdMb, string? Memory, IReadOnlyDictionary<string, HealthCheckEntry> Checks);

/// <summary>One check's result in a health answer.</summary>
internal sealed record HealthCheckEntry(string Status, string? Description);

internal static class HealthJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web);
}
