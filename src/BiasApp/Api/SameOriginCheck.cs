using BiasApp.Accounts;
using BiasApp.Data;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;

namespace BiasApp.Api;

/// <summary>
/// Cross-site request forgery protection for the API. A request under <c>/api</c> with an unsafe method (anything but GET,
/// HEAD, OPTIONS and TRACE) that a browser's sign-in cookie authenticated must come from this app's own pages: it must carry
/// <c>Sec-Fetch-Site: same-origin</c>, or an <c>Origin</c> equal to the request's own scheme, host and port. Browsers set
/// both headers themselves and no page can change them, so a form or script on another site that would ride on the cookie
/// gets a 403. Which credential authenticated the request is read from its identity's authentication type: the sign-in
/// cookie's (<c>Identity.Application</c>) is the only one a browser adds on its own. Requests authenticated by an API key
/// (<c>ApiKey</c>) are not checked; neither are anonymous ones, which authorization refuses anyway.
/// </summary>
/// <remarks>
/// The request's own origin is what the app sees: behind a proxy that terminates TLS, the proxy must keep <c>Host</c> and
/// the app must honour <c>X-Forwarded-Proto</c> (from a proxy listed in <c>ForwardedHeaders:KnownProxies</c> or <c>KnownNetworks</c>), or an Origin-only
/// request (a browser without Sec-Fetch-Site) would look cross-site.
/// </remarks>
internal sealed class SameOriginCheck(RequestDelegate next, IProblemDetailsService problemDetails)
{
    public const string FetchSiteHeader = "Sec-Fetch-Site";

    public async Task InvokeAsync(HttpContext context)
    {
        if (!NeedsCheck(context) || IsSameOrigin(context.Request))
        {
            await next(context);
            return;
        }

        var request = context.Request;
        var origin = request.Headers.Origin.ToString() is { Length: > 0 } given ? $"its Origin is '{given}', not '{OwnOrigin(request)}'" : "it has no Origin header";
        context.Response.StatusCode = StatusCodes.Status403Forbidden;
        await problemDetails.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails = new ProblemDetails
            {
                Status = StatusCodes.Status403Forbidden,
                Title = "Cross-site request refused",
                Detail = $"This {request.Method} is signed in only by the browser's sign-in cookie and did not come from this app's own pages ({origin}). " +
                    $"Send it from the app, or authenticate it with an API key in the {ApiKeys.HeaderName} header instead of the cookie.",
            },
        });
    }

    /// <summary>An unsafe method under <c>/api</c>, authenticated by the sign-in cookie and not by an API key.</summary>
    private static bool NeedsCheck(HttpContext context)
    {
        var method = context.Request.Method;
        if (HttpMethods.IsGet(method) || HttpMethods.IsHead(method) || HttpMethods.IsOptions(method) || HttpMethods.IsTrace(method)) return false;
        if (!context.Request.Path.StartsWithSegments("/api")) return false;
        var schemes = context.User.Identities.Where(i => i.IsAuthenticated).Select(i => i.AuthenticationType).ToList();
        return schemes.Contains(IdentityConstants.ApplicationScheme) && !schemes.Contains(ApiKeyAuthenticationHandler.SchemeName);
    }

    /// <summary><c>Sec-Fetch-Site: same-origin</c>, or an <c>Origin</c> with the request's own scheme, host and port.</summary>
    internal static bool IsSameOrigin(HttpRequest request)
    {
        if (string.Equals(request.Headers[FetchSiteHeader], "same-origin", StringComparison.OrdinalIgnoreCase)) return true;
        return Uri.TryCreate(request.Headers.Origin.ToString(), UriKind.Absolute, out var origin)
            && Uri.TryCreate(OwnOrigin(request), UriKind.Absolute, out var own)
            && Uri.Compare(origin, own, UriComponents.SchemeAndServer, UriFormat.UriEscaped, StringComparison.OrdinalIgnoreCase) == 0;
    }

    private static string OwnOrigin(HttpRequest request) => $"{request.Scheme}://{request.Host}";
}
