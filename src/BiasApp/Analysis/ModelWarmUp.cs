using BiasApp.Core.Classification;

namespace BiasApp.Analysis;

/// <summary>Loads the model while the app starts rather than on the first request. A failed load is recorded, not thrown.</summary>
internal sealed class ModelWarmUp(ModelHost models) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => Task.FromResult(models.IsLoaded);
    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
