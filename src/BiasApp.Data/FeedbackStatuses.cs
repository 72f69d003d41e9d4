namespace BiasApp.Data;

/// <summary>Where a <see cref="FeedbackItem"/> stands, as stored and on the wire.</summary>
public static class FeedbackStatuses
{
    /// <summary>Sent by an analyst, waiting for an admin.</summary>
    public const string Pending = "pending";

    /// <summary>Accepted by an admin, or sent by one: a team decision.</summary>
    public const string Decided = "decided";

    /// <summary>Turned down by an admin.</summary>
    public const string Rejected = "rejected";

    /// <summary>A team decision an admin took back: sentences follow the model again.</summary>
    public const string Revoked = "revoked";

    public static IReadOnlyList<string> All { get; } = [Pending, Decided, Rejected, Revoked];
}
