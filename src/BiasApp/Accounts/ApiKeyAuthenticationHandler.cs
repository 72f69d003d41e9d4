using System.Security.Claims;
using System.Text.Encodings.Web;
using BiasApp.Data;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace BiasApp.Accounts;

/// <summary>
/// Authenticates <c>X-API-Key</c> by the SHA-256 of the key; revoked keys and disabled or deleted users' keys are refused. A
/// refusal says why (an <see cref="ApiKeyRefusal"/>: unknown, revoked, disabled), and the 401 answer carries it.
/// </summary>
internal sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    BiasDbContext db,
    IUserClaimsPrincipalFactory<AppUser> principals,
    ApiKeyPrincipals cache,
    TimeProvider time) : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiKey";

    /// <summary>Last-used times are written at most this often per key, so every request does not become a write.</summary>
    private static readonly TimeSpan LastUsedResolution = TimeSpan.FromMinutes(1);

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (!Request.Headers.TryGetValue(ApiKeys.HeaderName, out var values)) return AuthenticateResult.NoResult();
        var presented = values.ToString();
        if (string.IsNullOrWhiteSpace(presented)) return AuthenticateResult.Fail(ApiKeyRefusal.Missing);

        var hash = ApiKeys.Hash(presented.Trim());
        var key = await db.ApiKeys.Include(k => k.User).AsNoTracking().FirstOrDefaultAsync(k => k.Hash == hash, Context.RequestAborted);
        if (key?.User is not { } user)
            return AuthenticateResult.Fail(await db.RevokedApiKeys.AnyAsync(r => r.Hash == hash, Context.RequestAborted) ? ApiKeyRefusal.Revoked : ApiKeyRefusal.Unknown);
        if (user.IsDisabled) return AuthenticateResult.Fail(ApiKeyRefusal.Disabled);
        // Password lockout is not checked: it guards password sign-in, and anyone can trigger it with wrong passwords.

        var now = time.GetUtcNow().UtcDateTime;
        if (key.LastUsedAt is null || now - key.LastUsedAt > LastUsedResolution)
        {
            await db.ApiKeys.Where(k => k.Id == key.Id).ExecuteUpdateAsync(s => s.SetProperty(k => k.LastUsedAt, now), Context.RequestAborted);
        }

        var claims = await cache.ClaimsAsync(user, async () => (await principals.CreateAsync(user)).Claims.ToArray());
        var identity = new ClaimsIdentity(claims, SchemeName, ClaimTypes.Name, ClaimTypes.Role);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName));
    }

    /// <summary>401, with why the key was refused left in <see cref="HttpContext.Items"/> for the ProblemDetails body.</summary>
    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        var failure = (await HandleAuthenticateOnceSafeAsync()).Failure;
        Context.Items[typeof(ApiKeyRefusal)] = failure as ApiKeyRefusal ?? ApiKeyRefusal.Refused(failure?.Message);
        await base.HandleChallengeAsync(properties);
    }
}
