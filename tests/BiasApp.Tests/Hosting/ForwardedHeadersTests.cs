using System.Net;
using System.Text.RegularExpressions;
using BiasApp.Data;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace BiasApp.Tests.Hosting;

/// <summary>
/// TLS ended at a reverse proxy: the app takes the scheme from a trusted proxy's <c>X-Forwarded-Proto</c>, and its sign-in
/// and antiforgery cookies are then <c>Secure</c>. Requests come from a chosen remote address through the test server.
/// </summary>
public sealed partial class ForwardedHeadersTests
{
    private const string Email = "proxied@example.test";
    private const string Password = "proxied-password-1";

    [Theory]
    [InlineData("10.1.2.3", "10.0.0.0/8", null)]
    [InlineData("::ffff:10.1.2.3", "10.0.0.0/8", null)]
    [InlineData("192.0.2.10", null, "192.0.2.10")]
    [InlineData("127.0.0.1", null, null)]
    public async Task ASignInForwardedAsHttpsByAKnownProxyGetsSecureCookies(string remote, string? network, string? proxy)
    {
        await using var app = new BiasAppFactory();
        if (network is not null) app.Settings["ForwardedHeaders:KnownNetworks:0"] = network;
        if (proxy is not null) app.Settings["ForwardedHeaders:KnownProxies:0"] = proxy;

        var (antiforgery, signIn) = await SignInAsync(app, remote, forwardedProto: "https");

        Assert.Contains("; secure", antiforgery, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("; secure", signIn, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task ForwardedHttpsFromAnAddressThatIsNotAKnownProxyIsIgnored()
    {
        await using var app = new BiasAppFactory();
        app.Settings["ForwardedHeaders:KnownNetworks:0"] = "10.0.0.0/8";

        var (antiforgery, signIn) = await SignInAsync(app, "203.0.113.9", forwardedProto: "https");

        Assert.DoesNotContain("secure", antiforgery, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("secure", signIn, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task WithHttpsOnlyTheCookiesAreSecureAndPlainHttpIsRefusedButForHealthChecks()
    {
        await using var app = new BiasAppFactory();
        app.Settings["Security:HttpsOnly"] = "true";
        app.Settings["ForwardedHeaders:KnownNetworks:0"] = "10.0.0.0/8";

        var (antiforgery, signIn) = await SignInAsync(app, "10.1.2.3", forwardedProto: "https");
        Assert.Contains("; secure", antiforgery, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("; secure", signIn, StringComparison.OrdinalIgnoreCase);

        using var plain = new HttpClient(app.Server.CreateHandler(context => context.Connection.RemoteIpAddress = IPAddress.Parse("10.1.2.3")))
        {
            BaseAddress = app.Server.BaseAddress,
        };
        var page = await plain.GetAsync("/account/login");
        Assert.Equal(HttpStatusCode.BadRequest, page.StatusCode);
        Assert.False(page.Headers.Contains("Set-Cookie"));
        Assert.Equal(HttpStatusCode.BadRequest, (await plain.GetAsync("/api/v1/usage")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await plain.GetAsync("/health/ready")).StatusCode);
    }

    [Fact]
    public async Task AKnownNetworkThatIsNotANetworkStopsTheAppAtStartNamingTheSetting()
    {
        await using var app = new BiasAppFactory();
        app.Settings["ForwardedHeaders:KnownNetworks:0"] = "10.0.0.0";

        var failure = Assert.ThrowsAny<Exception>(() => app.Server);

        Assert.Contains("ForwardedHeaders:KnownNetworks", failure.ToString());
    }

    /// <summary>
    /// Opens the login form and posts it, both from <paramref name="remote"/> with <paramref name="forwardedProto"/>, and
    /// returns the Set-Cookie of the antiforgery cookie and of the sign-in cookie. Cookies are carried by hand: a cookie jar
    /// would not send a Secure cookie back over the test server's http address.
    /// </summary>
    private static async Task<(string Antiforgery, string SignIn)> SignInAsync(BiasAppFactory app, string remote, string? forwardedProto)
    {
        using (var scope = app.Services.CreateScope())
        {
            var created = await AccountProvisioning.CreateUserAsync(scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>(), Email, Password, admin: false);
            Assert.True(created.Succeeded, AccountProvisioning.Describe(created));
        }
        var address = IPAddress.Parse(remote);
        using var client = new HttpClient(app.Server.CreateHandler(context => context.Connection.RemoteIpAddress = address)) { BaseAddress = app.Server.BaseAddress };
        if (forwardedProto is not null) client.DefaultRequestHeaders.Add("X-Forwarded-Proto", forwardedProto);

        using var form = await client.GetAsync("/account/login");
        Assert.Equal(HttpStatusCode.OK, form.StatusCode);
        var antiforgery = Assert.Single(form.Headers.GetValues("Set-Cookie"), c => c.StartsWith(".AspNetCore.Antiforgery.", StringComparison.Ordinal));
        var match = Token().Match(await form.Content.ReadAsStringAsync());
        var token = match.Groups[1].Success ? match.Groups[1].Value : match.Groups[2].Value;

        using var post = new HttpRequestMessage(HttpMethod.Post, "/account/login")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["_handler"] = "login",
                ["__RequestVerificationToken"] = WebUtility.HtmlDecode(token),
                ["Input.Email"] = Email,
                ["Input.Password"] = Password,
            }),
        };
        post.Headers.Add("Cookie", antiforgery.Split(';')[0]);
        using var signedIn = await client.SendAsync(post);
        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        var cookie = Assert.Single(signedIn.Headers.GetValues("Set-Cookie"), c => c.StartsWith(".AspNetCore.Identity.Application=", StringComparison.Ordinal));
        return (antiforgery, cookie);
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\"[^>]*value=\"([^\"]*)\"|value=\"([^\"]*)\"[^>]*name=\"__RequestVerificationToken\"")]
    private static partial Regex Token();
}
