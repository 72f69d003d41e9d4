using BiasApp.Core.Classification;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace BiasApp.Health;

/// <summary>Healthy with the model loaded; Degraded (still 200) when it is switched off or failed to load, with the reason.</summary>
internal sealed class ModelHealthCheck(ModelHost models) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(models.IsLoaded
            ? HealthCheckResult.Healthy($"Model {models.Classifier!.Card.Name}@{models.Classifier.Card.Version} loaded.")
            : HealthCheckResult.Degraded(models.LoadError));
}
