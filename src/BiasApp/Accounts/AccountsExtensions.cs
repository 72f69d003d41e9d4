using BiasApp.Data;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;

namespace BiasApp.Accounts;

/// <summary>Identity accounts with Admin/Analyst roles, cookie sign-in for pages and <c>X-API-Key</c> for the API.</summary>
public static class AccountsExtensions
{
    /// <summary>Forwards to the API-key scheme when the request carries <c>X-API-Key</c>, else to the Identity cookie.</summary>
    public const string DefaultScheme = "CookieOrApiKey";

    /// <summary>Policy name for admin-only endpoints and pages.</summary>
    public const string AdminPolicy = "Admin";

    public static WebApplicationBuilder AddAccounts(this WebApplicationBuilder builder)
    {
        builder.Services.AddCascadingAuthenticationState();
        // Open pages re-check their sign-in every minute too (the cookie alone is only checked on new requests).
        builder.Services.AddScoped<Microsoft.AspNetCore.Components.Authorization.AuthenticationStateProvider, RevalidatingIdentityStateProvider>();
        builder.Services.AddSingleton<ApiKeyPrincipals>();
        builder.Services.AddSingleton<ApiKeyService>();
        builder.Services.AddScoped<ApiKeyLookup>();
        builder.Services.AddAuthentication(options =>
            {
                options.DefaultScheme = DefaultScheme;
                options.DefaultChallengeScheme = DefaultScheme;
            })
            .AddPolicyScheme(DefaultScheme, "Cookie or API key", options => options.ForwardDefaultSelector = SelectScheme)
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeyAuthenticationHandler.SchemeName, null)
            .AddIdentityCookies();

        builder.Services.ConfigureApplicationCookie(options =>
        {
            options.LoginPath = "/account/login";
            options.LogoutPath = "/account/logout";
            options.AccessDeniedPath = "/account/denied";
            // The API answers 401/403; only pages are redirected to the login form.
            options.Events.OnRedirectToLogin = context => RedirectOrStatus(context, StatusCodes.Status401Unauthorized);
            options.Events.OnRedirectToAccessDenied = context => RedirectOrStatus(context, StatusCodes.Status403Forbidden);
        });
        // Disabling a user changes their security stamp; cookies are re-checked against it every minute.
        builder.Services.Configure<SecurityStampValidatorOptions>(options => options.ValidationInterval = TimeSpan.FromMinutes(1));

        builder.Services.AddBiasIdentityCore().AddSignInManager().AddDefaultTokenProviders();

        builder.Services.AddAuthorizationBuilder().AddPolicy(AdminPolicy, policy => policy.RequireRole(Roles.Admin));
        builder.Services.AddSingleton<FirstRunState>();
        builder.Services.AddScoped<FirstAdminSetup>();
        return builder;
    }

    /// <summary>
    /// The API-key scheme for a request under <c>/api</c> or for the OpenAPI document (<c>/openapi</c>) that carries a
    /// non-empty <c>X-API-Key</c>; the Identity cookie otherwise. Pages (the API reference under <c>/api/docs</c> included)
    /// never accept a key, so a key cannot open a web session; an empty header counts as absent, so a signed-in browser's
    /// cookie is used.
    /// </summary>
    internal static string SelectScheme(HttpContext context) =>
        IsApiRequest(context.Request.Path)
        && context.Request.Headers.TryGetValue(ApiKeys.HeaderName, out var key) && !string.IsNullOrWhiteSpace(key.ToString())
            ? ApiKeyAuthenticationHandler.SchemeName
            : IdentityConstants.ApplicationScheme;

    private static bool IsApiRequest(PathString path) =>
        path.StartsWithSegments("/api") && !path.StartsWithSegments(BiasApp.Api.ApiExtensions.ReferencePath)
        || path.StartsWithSegments(BiasApp.Api.ApiExtensions.DocumentPrefix);

    /// <summary>Authentication, the first-run redirect and authorization; call before the endpoints.</summary>
    public static WebApplication UseAccounts(this WebApplication app)
    {
        app.UseAuthentication();
        app.UseMiddleware<FirstRunRedirect>();
        app.UseAuthorization();
        return app;
    }

    public static IEndpointRouteBuilder MapAccountEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapPost("/account/logout", LogoutAsync).ExcludeFromDescription();
        return app;
    }

    // Binding a form value makes the endpoint validate the antiforgery token.
    internal static async Task<RedirectHttpResult> LogoutAsync([FromForm] string? returnUrl, SignInManager<AppUser> signIn)
    {
        await signIn.SignOutAsync();
        return TypedResults.LocalRedirect("/account/login");
    }

    private static Task RedirectOrStatus(Microsoft.AspNetCore.Authentication.RedirectContext<Microsoft.AspNetCore.Authentication.Cookies.CookieAuthenticationOptions> context, int status)
    {
        // The API reference under /api/docs is a page: a browser without a session goes to the login form.
        if (IsApiRequest(context.Request.Path)) context.Response.StatusCode = status;
        else context.Response.Redirect(context.RedirectUri);
        return Task.CompletedTask;
    }
}
