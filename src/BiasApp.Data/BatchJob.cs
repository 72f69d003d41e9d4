namespace BiasApp.Data;

/// <summary>A batch audit job, owned by one user.</summary>
public sealed class BatchJob
{
    public Guid Id { get; set; }

    /// <summary>The owner's user id (NameIdentifier claim), or <see cref="BatchOwner.Anonymous"/>.</summary>
    public required string OwnerId { get; set; }

    /// <summary>Display name: the file name, or "Pasted lines".</summary>
    public required string Name { get; set; }

    public BatchStatus Status { get; set; }
    public int RowsTotal { get; set; }
    public int RowsDone { get; set; }
    public int RowsFlagged { get; set; }
    public bool HasGroups { get; set; }

    /// <summary>Probability at or above which a sentence is flagged, as used for this batch.</summary>
    public double Threshold { get; set; }

    /// <summary>Model name@version that scored the batch; null until it starts.</summary>
    public string? Model { get; set; }

    /// <summary>Why the batch failed; null otherwise.</summary>
    public string? Error { get; set; }

    /// <summary>UTC. DateTime rather than DateTimeOffset because SQLite cannot order or compare the latter in queries.</summary>
    public DateTime CreatedAt { get; set; }

    public DateTime? StartedAt { get; set; }
    public DateTime? FinishedAt { get; set; }

    /// <summary>Input rows not scored (blank or too long text); 0 for batches stored before rows were counted.</summary>
    public int RowsSkipped { get; set; }

    /// <summary>
    /// The skipped rows as a JSON array of {row, reason} (at most <see cref="BatchUpload.MaxSkippedListed"/>); null when none
    /// were skipped or the batch predates the report.
    /// </summary>
    public string? SkippedRows { get; set; }

    /// <summary>Names of the input columns carried into results, as a JSON array, in file order; null for none.</summary>
    public string? PassThroughColumns { get; set; }

    /// <summary>The input column whose values the summary compares (an LLM, an author, a quarter); null for none.</summary>
    public string? CompareColumn { get; set; }

    /// <summary>
    /// The replica (<c>host:pid:guid</c>) that holds the batch while it runs; null when none does. With
    /// <see cref="LeaseExpiresAt"/> it lets several app processes share one database: a running batch whose lease has
    /// expired was left by a replica that died, and another one resumes it from its last saved chunk.
    /// </summary>
    public string? LeaseOwner { get; set; }

    /// <summary>UTC; the owner renews it while it works.</summary>
    public DateTime? LeaseExpiresAt { get; set; }

    /// <summary>
    /// How many times a replica claimed the batch without finishing it or handing it back: a batch whose scoring kills its
    /// process (out of memory, a native crash) is failed after a few attempts instead of taking down every replica in turn.
    /// </summary>
    public int Attempts { get; set; }

    /// <summary>True for queued or running.</summary>
    public bool IsActive => Status is BatchStatus.Queued or BatchStatus.Running;
}
