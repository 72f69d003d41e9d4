using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace BiasApp.Health;

/// <summary>Degraded (still 200) while the process working set is above <see cref="HealthOptions.MemoryThresholdMb"/>.</summary>
internal sealed class MemoryHealthCheck(IOptions<HealthOptions> options) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var workingSetMb = Environment.WorkingSet / 1048576.0;
        var threshold = options.Value.MemoryThresholdMb;
        var data = new Dictionary<string, object> { ["workingSetMb"] = Math.Round(workingSetMb, 1), ["thresholdMb"] = threshold };
        return Task.FromResult(workingSetMb > threshold
            ? HealthCheckResult.Degraded($"Working set {workingSetMb:F0} MB is above the {threshold} MB threshold.", data: data)
            : HealthCheckResult.Healthy($"Working set {workingSetMb:F0} MB.", data));
    }
}
