namespace BiasApp.Data;

/// <summary>Per-user, per-day totals, updated in the same transaction as each <see cref="UsageEvent"/>.</summary>
public sealed class DailyUsage
{
    public required string UserId { get; set; }
    public DateOnly Day { get; set; }

    /// <summary>Accepted analyses (ok or error).</summary>
    public int Requests { get; set; }
    public int Rejected { get; set; }
    public int Errors { get; set; }

    /// <summary>Accepted analyses that asked for an explanation.</summary>
    public int Explanations { get; set; }
    public long Sentences { get; set; }
    public long Characters { get; set; }
    public double LatencyMsTotal { get; set; }
}
