using BiasApp.Batches;
using BiasApp.Data;

namespace BiasApp.Usage;

/// <summary>Counts every batch row against its owner's daily analysis quota, like a single analysis.</summary>
internal sealed class BatchUsageHook(UsageMeter meter) : IBatchUsageHook
{
    public async ValueTask<string?> CheckAsync(string ownerId, int rows, CancellationToken cancellationToken)
    {
        var status = await meter.GetStatusAsync(ownerId, cancellationToken);
        return status.RemainingToday >= rows
            ? null
            : $"This batch has {rows:N0} rows but only {status.RemainingToday:N0} analyses remain of today's quota; it resets at {status.ResetsAt:yyyy-MM-dd HH:mm} UTC.";
    }

    public async ValueTask<BatchQuota?> QuotaAsync(string ownerId, CancellationToken cancellationToken)
    {
        var status = await meter.GetStatusAsync(ownerId, cancellationToken);
        return new BatchQuota(status.RemainingToday, status.Limits.DailyQuota, status.ResetsAt);
    }

    public async ValueTask RecordAsync(BiasDbContext db, string ownerId, Guid batchId, int rows, CancellationToken cancellationToken) =>
        await meter.RecordBatchRowsAsync(db, ownerId, rows, cancellationToken);
}
