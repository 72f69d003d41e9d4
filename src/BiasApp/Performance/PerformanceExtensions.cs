using BiasApp.Core.Inference;
using Microsoft.AspNetCore.Components.Server;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Options;
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
    /// request metrics and meter <c>BiasApp</c> to Prometheus on the <c>Metrics:Port</c> management port (see <see cref="MetricsOptions"/>).
    /// </summary>
    public static WebApplicationBuilder AddPerformance(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<InferenceOptions>().BindConfiguration(InferenceOptions.Section);
        builder.Services.AddOptions<CacheOptions>().BindConfiguration(CacheOptions.Section);
        builder.Services.AddOptions<MemoryOptions>().BindConfiguration(MemoryOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton<MemoryTrimmer>();
        builder.Services.AddHostedService(services => services.GetRequiredService<MemoryTrimmer>());
        builder.Services.AddOptions<MetricsOptions>().BindConfiguration(MetricsOptions.Section).ValidateDataAnnotations().ValidateOnStart();
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

    /// <summary>Where Prometheus text is served on the management port.</summary>
    public const string MetricsPath = "/metrics";

    /// <summary>
    /// With <c>Metrics:Port</c> set, requests that arrived on that port are answered here, first in the pipeline:
    /// Prometheus text at <see cref="MetricsPath"/>, 404 for anything else. The port is the connection's local port, not
    /// the <c>Host</c> header (which a client chooses), so the public port never serves metrics, whatever the request says.
    /// Unset, nothing is served: the app adds the port to its addresses in <see cref="Hosting.HostingExtensions.AddHosting"/>.
    /// </summary>
    public static WebApplication UseMetricsPort(this WebApplication app)
    {
        if (app.Services.GetRequiredService<IOptions<MetricsOptions>>().Value.Port is not { } port) return app;
        app.MapWhen(context => context.Connection.LocalPort == port, management =>
        {
            management.UseOpenTelemetryPrometheusScrapingEndpoint(context => context.Request.Path == MetricsPath);
            management.Run(context =>
            {
                context.Response.StatusCode = StatusCodes.Status404NotFound;
                return Task.CompletedTask;
            });
        });
        return app;
    }
}
