using System.Diagnostics;
using System.Text.Json;
using BiasApp.Core.Classification;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace BiasApp.Health;

/// <summary>The <c>/health</c> endpoint.</summary>
public static class HealthExtensions
{
    public static WebApplicationBuilder AddHealth(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<HealthOptions>().BindConfiguration(HealthOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddHealthChecks().AddCheck<ModelHealthCheck>("model").AddCheck<MemoryHealthCheck>("memory");
        BiasApp.Redis.RedisExtensions.AddRedisIfConfigured(builder.Services.AddHealthChecks());
        return builder;
    }

    public static IEndpointRouteBuilder MapHealthEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapHealthChecks("/health", new HealthCheckOptions { ResponseWriter = WriteResponseAsync });
        return app;
    }

    /// <summary>Writes <c>{status, modelLoaded, model, modelVersion, mode, error, workingSetMb, gcHeapMb, memoryThresholdMb, memory}</c>.</summary>
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
            report.Entries.TryGetValue("memory", out var memory) ? memory.Description : null);
        context.Response.ContentType = "application/json; charset=utf-8";
        return context.Response.WriteAsJsonAsync(body, HealthJson.Options);
    }
}

internal sealed record HealthResponse(
    string Status, bool ModelLoaded, string? Model, string? ModelVersion, string Mode, string? Error, double WorkingSetMb, double GcHeapMb,
    int MemoryThresholdMb, string? Memory);

internal static class HealthJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web);
}

/// <summary>Healthy with the model loaded; Degraded (still 200) when it is switched off or failed to load, with the reason.</summary>
internal sealed class ModelHealthCheck(ModelHost models) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(models.IsLoaded
            ? HealthCheckResult.Healthy($"Model {models.Classifier!.Card.Name}@{models.Classifier.Card.Version} loaded.")
            : HealthCheckResult.Degraded(models.LoadError));
}
