using System.Security.Claims;
using System.Text.Encodings.Web;
using BiasApp.Data;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
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
    ApiKeyLookup keys,
    IUserClaimsPrincipalFactory<AppUser> principals,
    ApiKeyPrincipals cache) : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiKey";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (!Request.Headers.TryGetValue(ApiKeys.HeaderName, out var values)) return AuthenticateResult.NoResult();
        var presented = values.ToString();
        if (string.IsNullOrWhiteSpace(presented)) return AuthenticateResult.Fail(ApiKeyRefusal.Missing);

        var (user, refusal) = await keys.FindAsync(presented, Context.RequestAborted);
        if (user is null) return AuthenticateResult.Fail(refusal!);

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
