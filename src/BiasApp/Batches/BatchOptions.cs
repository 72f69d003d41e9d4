using System.ComponentModel.DataAnnotations;

namespace BiasApp.Batches;

/// <summary>Limits and housekeeping for batch audits, bound to <c>Batches</c>.</summary>
public sealed class BatchOptions
{
    public const string Section = "Batches";

    /// <summary>Largest upload in bytes. Default 5 MiB.</summary>
    [Range(1, 1L << 30)] public long MaxFileBytes { get; set; } = 5 * 1024 * 1024;

    /// <summary>Most rows in one batch. Default 10,000.</summary>
    [Range(1, 1_000_000)] public int MaxRows { get; set; } = 10_000;

    /// <summary>
    /// Batch uploads (<c>POST /api/v1/batches</c>) one caller may post per minute, accepted or refused; more get 429 with
    /// <c>Retry-After</c> (<see cref="BatchUploadRateLimit"/>). Counted in each replica. Default 10.
    /// </summary>
    [Range(1, 1_000_000)] public int UploadsPerMinute { get; set; } = 10;

    /// <summary>Batches a user may have queued or running at once. Default 1.</summary>
    [Range(1, 100)] public int MaxConcurrentJobsPerUser { get; set; } = 1;

    /// <summary>Batches older than this many days are deleted. Default 30; 0 keeps them forever.</summary>
    [Range(0, 36_500)] public int RetentionDays { get; set; } = 30;

    /// <summary>Rows scored (and saved) per step; progress moves in these steps. Default 64.</summary>
    [Range(1, 10_000)] public int ChunkRows { get; set; } = 64;

    /// <summary>
    /// How long a replica's claim on a running batch lasts unless renewed (it renews every third of it). When a replica dies,
    /// another one resumes its batch from the last saved chunk this long after. Default 30 seconds.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")] public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How often an idle worker looks in the database for batches queued elsewhere or left by a dead replica. Default 5 seconds.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:10:00")] public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Claims of one batch that may end without it finishing (its process died) before it is failed. Default 3.</summary>
    [Range(1, 100)] public int MaxAttempts { get; set; } = 3;
}
