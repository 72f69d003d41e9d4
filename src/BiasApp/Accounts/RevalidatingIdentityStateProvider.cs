using System.Security.Claims;
using BiasApp.Data;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Server;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace BiasApp.Accounts;

/// <summary>
/// The sign-in of an open page (a Blazor circuit), re-checked every minute like the cookie: a circuit keeps the
/// principal it started with, so without this a user disabled, deleted, demoted or signed out elsewhere (each changes
/// the security stamp) would keep acting in a page that stays open. When the check fails the page's user becomes
/// anonymous and its authorized content goes away.
/// </summary>
internal sealed class RevalidatingIdentityStateProvider(ILoggerFactory loggerFactory, IServiceScopeFactory scopes, IOptions<IdentityOptions> identity)
    : RevalidatingServerAuthenticationStateProvider(loggerFactory)
{
    protected override TimeSpan RevalidationInterval => TimeSpan.FromMinutes(1);

    protected override async Task<bool> ValidateAuthenticationStateAsync(AuthenticationState state, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        return await IsCurrentAsync(users, state.User, identity.Value.ClaimsIdentity.SecurityStampClaimType);
    }

    /// <summary>True when <paramref name="principal"/>'s account exists, is enabled and not deleted, and its security stamp is unchanged.</summary>
    internal static async Task<bool> IsCurrentAsync(UserManager<AppUser> users, ClaimsPrincipal principal, string stampClaimType)
    {
        if (await users.GetUserAsync(principal) is not { IsActive: true } user) return false;
        if (!users.SupportsUserSecurityStamp) return true;
        return principal.FindFirstValue(stampClaimType) == await users.GetSecurityStampAsync(user);
    }
}
