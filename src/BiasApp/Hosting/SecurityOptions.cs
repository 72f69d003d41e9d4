using Microsoft.AspNetCore.Http;

namespace BiasApp.Hosting;

/// <summary>Configuration section <c>Security</c>: how the site is reached.</summary>
public sealed class SecurityOptions
{
    public const string Section = "Security";

    /// <summary>
    /// The site is served over HTTPS only (directly or through a proxy that ends TLS): the sign-in and antiforgery cookies
    /// are always <c>Secure</c>, and a request that is not HTTPS, as seen directly or through a trusted proxy's
    /// <c>X-Forwarded-Proto</c> (<see cref="TrustedProxyOptions"/>), is refused with 400, except <c>/health</c> and below.
    /// Default false: the cookies are <c>Secure</c> on HTTPS requests, and plain HTTP is served.
    /// </summary>
    public bool HttpsOnly { get; set; }

    internal CookieSecurePolicy CookiePolicy => HttpsOnly ? CookieSecurePolicy.Always : CookieSecurePolicy.SameAsRequest;
}
