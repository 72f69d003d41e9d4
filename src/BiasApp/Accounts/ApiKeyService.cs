using BiasApp.Data;
using Microsoft.EntityFrameworkCore;

namespace BiasApp.Accounts;

/// <summary>A user's own API keys, as the keys page manages them: list, create (shown once), revoke.</summary>
public sealed class ApiKeyService(IDbContextFactory<BiasDbContext> dbs, TimeProvider time)
{
    /// <summary>The keys of <paramref name="userId"/>, newest first.</summary>
    public async Task<IReadOnlyList<ApiKey>> ListAsync(string userId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbs.CreateDbContextAsync(cancellationToken);
        return await db.ApiKeys.AsNoTracking().Where(k => k.UserId == userId).OrderByDescending(k => k.CreatedAt).ToListAsync(cancellationToken);
    }

    /// <summary>Creates a key named <paramref name="name"/> for <paramref name="userId"/> and returns it; only its hash is stored.</summary>
    public async Task<string> CreateAsync(string userId, string name, CancellationToken cancellationToken = default)
    {
        await using var db = await dbs.CreateDbContextAsync(cancellationToken);
        return await ApiKeys.CreateAsync(db, userId, name.Trim(), time.GetUtcNow().UtcDateTime, cancellationToken);
    }

    /// <summary>Revokes key <paramref name="keyId"/> when it belongs to <paramref name="userId"/>; false when it does not (or is gone).</summary>
    public async Task<bool> RevokeAsync(string userId, int keyId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbs.CreateDbContextAsync(cancellationToken);
        return await db.ApiKeys.Where(k => k.Id == keyId && k.UserId == userId).ExecuteDeleteAsync(cancellationToken) == 1;
    }
}
