namespace BiasApp.Data;

/// <summary>
/// A one-time set-up step that has been taken for this database, by whichever process inserted the row first: its
/// <see cref="Name"/> is the key, so a second insert of the same step finds the row and does nothing. See
/// <see cref="FirstAdmin"/>.
/// </summary>
public sealed class SetupClaim
{
    public required string Name { get; set; }

    /// <summary>UTC.</summary>
    public DateTime ClaimedAt { get; set; }
}
