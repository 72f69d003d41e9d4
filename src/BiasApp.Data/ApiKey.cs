namespace BiasApp.Data;

/// <summary>An API key; only the SHA-256 of the key is stored.</summary>
public sealed class ApiKey
{
    public int Id { get; set; }
    public required string UserId { get; set; }
    public AppUser? User { get; set; }
    public required string Name { get; set; }

    /// <summary>First characters of the key, shown so users can tell keys apart.</summary>
    public required string Prefix { get; set; }

    /// <summary>Lower-case hex SHA-256 of the key.</summary>
    public required string Hash { get; set; }

    public DateTime CreatedAt { get; set; }
    public DateTime? LastUsedAt { get; set; }
}
