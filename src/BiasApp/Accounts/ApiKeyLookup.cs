using BiasApp.Data;
using Microsoft.EntityFrameworkCore;

namespace BiasApp.Accounts;

/// <summary>Finds the account behind a presented API key, and notes when the key was last used. Scoped (one database context).</summary>
public sealed class ApiKeyLookup(BiasDbContext db, TimeProvider time)
{
    /// <summary>Last-used times are written at most this often per key, so every request does not become a write.</summary>
    private static readonly TimeSpan LastUsedResolution = TimeSpan.FromMinutes(1);

    /// <summary>
    /// The active account whose key is <paramref name="presented"/>, or why there is none: unknown, revoked (or deleted with
    /// its account) or disabled. Password lockout is not checked: it guards password sign-in, and anyone can trigger it
    /// with wrong passwords.
    /// </summary>
    public async Task<(AppUser? User, ApiKeyRefusal? Refusal)> FindAsync(string presented, CancellationToken cancellationToken)
    {
        var hash = ApiKeys.Hash(presented.Trim());
        var key = await db.ApiKeys.Include(k => k.User).AsNoTracking().FirstOrDefaultAsync(k => k.Hash == hash, cancellationToken);
        if (key?.User is not { } user)
            return (null, await db.RevokedApiKeys.AnyAsync(r => r.Hash == hash, cancellationToken) ? ApiKeyRefusal.Revoked : ApiKeyRefusal.Unknown);
        if (user.IsDisabled) return (null, ApiKeyRefusal.Disabled);

        var now = time.GetUtcNow().UtcDateTime;
        if (key.LastUsedAt is null || now - key.LastUsedAt > LastUsedResolution)
            await db.ApiKeys.Where(k => k.Id == key.Id).ExecuteUpdateAsync(s => s.SetProperty(k => k.LastUsedAt, now), cancellationToken);
        return (user, null);
    }
}
