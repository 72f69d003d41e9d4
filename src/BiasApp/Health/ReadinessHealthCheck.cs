using BiasApp.Core.Classification;
using BiasApp.Data;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace BiasApp.Health;

/// <summary>Healthy once the database is migrated and something can analyse (the model, or the rules without it).</summary>
internal sealed class ReadinessHealthCheck(DatabaseReadiness database, ModelHost models) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(!database.IsReady ? HealthCheckResult.Unhealthy("The database is not migrated yet.")
            : models.Mode == AnalysisMode.Unavailable ? HealthCheckResult.Unhealthy($"Nothing can analyse: {models.LoadError}")
            : HealthCheckResult.Healthy(models.IsLoaded ? "Migrated; model loaded." : "Migrated; rules only (no model)."));
}
