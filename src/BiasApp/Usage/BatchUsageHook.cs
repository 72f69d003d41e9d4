using BiasApp.Batches;
using BiasApp.Data;

namespace BiasApp.Usage;

/// <summary>Counts every batch row against its owner's daily analysis quota, like a single analysis, from upload on.</summary>
internal sealed class BatchUsageHook(UsageMeter meter) : IBatchUsageHook
{
    public async ValueTask<string?> CheckAsync(BiasDbContext db, string ownerId, int rows, CancellationToken cancellationToken) =>
        await meter.CheckBatchAsync(db, ownerId, rows, cancellationToken);

    public async ValueTask<BatchQuota?> QuotaAsync(string ownerId, CancellationToken cancellationToken) =>
        await meter.BatchQuotaAsync(ownerId, cancellationToken);

    public async ValueTask RecordAsync(BiasDbContext db, string ownerId, Guid batchId, int rows, CancellationToken cancellationToken) =>
        await meter.RecordBatchRowsAsync(db, ownerId, rows, cancellationToken);
}
