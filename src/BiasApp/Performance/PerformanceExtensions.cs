using BiasApp.Core.Inference;
using Microsoft.AspNetCore.Components.Server;
using Microsoft.AspNetCore.SignalR;
using OpenTelemetry.Metrics;

namespace BiasApp.Performance;

/// <summary>
/// Limits and measurement: inference gate and cache options, Blazor circuit limits, memory handed back when idle,
/// OpenTelemetry metrics.
/// </summary>
public static class PerformanceExtensions
{
    /// <summary>
    /// Binds <c>Inference</c>, <c>Cache</c>, <c>Memory</c> (the idle <see cref="MemoryTrimmer"/>), <c>Blazor:Circuit</c> (the hub's message size follows <c>Analysis:MaxTextLength</c>, see UiExtensions), and exports ASP.NET Core
    /// request metrics and meter <c>BiasApp</c> to Prometheus.
    /// </summary>
    public static WebApplicationBuilder AddPerformance(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<InferenceOptions>().BindConfiguration(InferenceOptions.Section);
        builder.Services.AddOptions<CacheOptions>().BindConfiguration(CacheOptions.Section);
        builder.Services.AddOptions<MemoryOptions>().BindConfiguration(MemoryOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton<MemoryTrimmer>();
        builder.Services.AddHostedService(services => services.GetRequiredService<MemoryTrimmer>());
        // Disconnected circuits keep their whole component tree (texts, results) in memory: keep few, briefly.
        builder.Services.AddOptions<CircuitOptions>().BindConfiguration("Blazor:Circuit");
        builder.Services.AddOpenTelemetry().WithMetrics(metrics => metrics
            .AddAspNetCoreInstrumentation()
            .AddMeter(BiasMetrics.MeterName)
            .AddView(_ => new MetricStreamConfiguration { CardinalityLimit = MetricSeriesLimit })
            .AddPrometheusExporter());
        return builder;
    }

    /// <summary>
    /// Attribute sets (series) kept per metric. Each metric stream allocates room for its limit up front, about 90 bytes a
    /// series: with OpenTelemetry's default of 2,000, the ~45 streams of this app held 7–8 MB of the GC heap from start-up
    /// (README, Performance). This app's busiest metric, the request duration, has a series per route, method, status code
    /// and protocol actually seen, far fewer than 500; series past the limit are still counted, in the overflow series
    /// (<c>otel_metric_overflow="true"</c>).
    /// </summary>
    internal const int MetricSeriesLimit = 500;

    /// <summary>Prometheus text at <c>/metrics</c>.</summary>
    public static IEndpointRouteBuilder MapPerformanceEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapPrometheusScrapingEndpoint("/metrics");
        return app;
    }
}
