namespace BiasApp.Data;

/// <summary>
/// The hash of a key that was deleted (revoked by its owner or an admin, or removed with its account), so a request that
/// still sends it is told the key was revoked rather than unknown. Written by the <c>ApiKeys_Revoked</c> trigger on every
/// delete from <c>ApiKeys</c>, whichever code path deletes it.
/// </summary>
public sealed class RevokedApiKey
{
    /// <summary>Lower-case hex SHA-256 of the key, as <see cref="ApiKey.Hash"/>.</summary>
    public required string Hash { get; set; }
    public required string UserId { get; set; }

    /// <summary>UTC.</summary>
    public DateTime RevokedAt { get; set; }
}
