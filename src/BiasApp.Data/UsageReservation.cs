namespace BiasApp.Data;

/// <summary>
/// An analysis admitted under the daily quotas and not yet recorded. Admission counts the day's recorded requests plus the
/// live reservations in one transaction, so quotas hold exactly across app replicas sharing the database; recording the
/// analysis deletes its reservation in the same transaction as it adds to <see cref="DailyUsage"/>. A reservation whose
/// request died with its process stops counting at <see cref="ExpiresAt"/>.
/// </summary>
public sealed class UsageReservation
{
    public Guid Id { get; set; }
    public required string UserId { get; set; }

    /// <summary>The UTC day whose quota it counts against.</summary>
    public DateOnly Day { get; set; }

    /// <summary>True when the analysis asked for an explanation (counts against the explanation quota too).</summary>
    public bool Explains { get; set; }

    /// <summary>UTC.</summary>
    public DateTime ExpiresAt { get; set; }
}
