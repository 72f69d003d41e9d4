using System.Security.Cryptography;
using System.Text;

namespace BiasApp.Data;

/// <summary>Generation and hashing of API keys. A key is <c>bia_</c> plus 32 random bytes, base64url.</summary>
public static class ApiKeys
{
    public const string HeaderName = "X-API-Key";

    public static string Generate() => "bia_" + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32))
        .TrimEnd('=').Replace('+', '-').Replace('/', '_');

    /// <summary>Lower-case hex SHA-256 of the key; the only form that is stored. A fast hash suffices for 256-bit random keys.</summary>
    public static string Hash(string key) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));

    /// <summary>Stores the hash of a new key for <paramref name="userId"/> and returns the key, which is never stored.</summary>
    public static async Task<string> CreateAsync(BiasDbContext db, string userId, string name, DateTime now, CancellationToken cancellationToken = default)
    {
        var key = Generate();
        db.ApiKeys.Add(new ApiKey { UserId = userId, Name = name, Prefix = key[..8], Hash = Hash(key), CreatedAt = now });
        await db.SaveChangesAsync(cancellationToken);
        return key;
    }
}
