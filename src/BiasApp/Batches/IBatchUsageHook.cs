using BiasApp.Data;

namespace BiasApp.Batches;

/// <summary>
/// Usage accounting for batches, implemented by the usage feature. Optional: without a registration every batch may start
/// and nothing is counted.
/// </summary>
public interface IBatchUsageHook
{
    /// <summary>
    /// Null when <paramref name="ownerId"/> may start a batch of <paramref name="rows"/> rows, else the reason not (answered as
    /// 429). Called inside the upload's transaction on <paramref name="db"/>, which then saves the batch: the check may lock what
    /// it decides on until that transaction ends, so that concurrent uploads and analyses, on any replica, are decided one at a time.
    /// </summary>
    ValueTask<string?> CheckAsync(BiasDbContext db, string ownerId, int rows, CancellationToken cancellationToken);

    /// <summary>
    /// Called inside each chunk's transaction on <paramref name="db"/>: <paramref name="rows"/> more rows of
    /// <paramref name="batchId"/> were scored. The chunk's rows, its progress and this usage commit together, so each row
    /// counts once even when a replica dies and another resumes the batch.
    /// </summary>
    ValueTask RecordAsync(BiasDbContext db, string ownerId, Guid batchId, int rows, CancellationToken cancellationToken);

    /// <summary>What remains of <paramref name="ownerId"/>'s daily quota, for the page to say before an upload; null when unknown.</summary>
    ValueTask<BatchQuota?> QuotaAsync(string ownerId, CancellationToken cancellationToken) => ValueTask.FromResult<BatchQuota?>(null);
}
