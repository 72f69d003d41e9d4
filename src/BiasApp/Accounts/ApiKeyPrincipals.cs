using System.Security.Claims;
using BiasApp.Data;
using Microsoft.Extensions.Caching.Memory;

namespace BiasApp.Accounts;

/// <summary>
/// The claims (name, roles, security stamp) of the users whose keys were seen lately. Building them is five or six queries
/// (roles, user claims, each role's claims): on every API call that was most of the database work of an analysis. The key
/// and its user are still read on every request (so revoking, disabling and locking take effect at once), and an entry is
/// keyed by the user's concurrency stamp, which Identity renews on every change to the user, roles included: a change is
/// seen on the next request, on every replica. Bounded (10,000 users) and dropped after 5 idle minutes.
/// </summary>
internal sealed class ApiKeyPrincipals : IDisposable
{
    private readonly MemoryCache _cache = new(new MemoryCacheOptions { SizeLimit = 10_000 });

    public async Task<Claim[]> ClaimsAsync(AppUser user, Func<Task<Claim[]>> build)
    {
        var key = (user.Id, user.ConcurrencyStamp);
        if (_cache.TryGetValue(key, out Claim[]? claims) && claims is not null) return claims;
        claims = await build();
        _cache.Set(key, claims, new MemoryCacheEntryOptions { Size = 1, SlidingExpiration = TimeSpan.FromMinutes(5) });
        return claims;
    }

    public void Dispose() => _cache.Dispose();
}
