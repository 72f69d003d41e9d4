using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Security.Claims;
using System.Text;
using System.Text.Json;
using BiasApp.Accounts;
using BiasApp.Data;
using Bunit;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Patterns;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace BiasApp.Tests.Security;

/// <summary>Refusal without a session or key, analyst vs admin, other users' batches and keys, key secrecy in logs, security headers.</summary>
public sealed class SecurityTests(BiasAppFactory factory) : IClassFixture<BiasAppFactory>
{
    /// <summary>
    /// Routes anyone may reach: the health checks (proxies and orchestrators probe them without a session), the sign-in and
    /// first-run forms, static assets (Scalar's script files for the API reference too: library code, no data).
    /// </summary>
    private static readonly string[] PublicRoutes = ["/health", "/health/ready", "/health/live", "/account/login", "/account/setup", "/account/denied",
        "/account/logout", // signing out without a session changes nothing
        "/api/docs/scalar.js", "/api/docs/scalar.aspnetcore.js", "/api/docs/favicon.svg"];

    private HttpClient Anonymous()
    {
        _ = factory.AnalystKey; // an account exists, so the first-run redirect is off
        var client = factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        client.DefaultRequestHeaders.Remove(ApiKeys.HeaderName);
        return client;
    }

    [Fact]
    public async Task EveryNonPublicEndpointRefusesAnAnonymousCaller()
    {
        var client = Anonymous();
        var endpoints = factory.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>().ToList();
        var checkedCount = 0;
        foreach (var endpoint in endpoints)
        {
            var pattern = endpoint.RoutePattern.RawText ?? "";
            var methods = endpoint.Metadata.GetMetadata<Microsoft.AspNetCore.Routing.HttpMethodMetadata>()?.HttpMethods ?? ["GET"];
            if (IsPublic(pattern, endpoint)) continue;
            var path = Concrete(endpoint.RoutePattern);
            foreach (var method in methods.Where(m => m != "OPTIONS" && m != "HEAD"))
            {
                var request = new HttpRequestMessage(new HttpMethod(method), path);
                if (method is "POST" or "PUT" or "PATCH") request.Content = new StringContent("""{"text":"All nurses are women."}""", Encoding.UTF8, "application/json");
                var response = await client.SendAsync(request);
                var status = (int)response.StatusCode;
                // The API reference under /api/docs is a page, redirected like the others.
                if (path.StartsWith("/api", StringComparison.Ordinal) && !path.StartsWith(BiasApp.Api.ApiExtensions.ReferencePath, StringComparison.Ordinal))
                {
                    Assert.True(status == 401, $"{method} {path} ({pattern}) answered {status} without a key");
                }
                else
                {
                    // Pages redirect to the login form; form posts without an antiforgery token are refused with 400.
                    var toLogin = status == 302 && response.Headers.Location!.OriginalString.Contains("/account/login");
                    Assert.True(toLogin || status is 401 or 403 || (method == "POST" && status == 400), $"{method} {path} ({pattern}) answered {status} without a session");
                }
                checkedCount++;
            }
        }
        // The app's own endpoints: analyze, usage, admin usage (2), batches (7), logout, the Blazor pages.
        Assert.True(checkedCount >= 14, $"only {checkedCount} endpoints checked");
    }

    [Theory]
    [InlineData("/")]
    [InlineData("/batches")]
    [InlineData("/batches/6a1b0cf2-4b7e-4a36-8d2d-0d1f4a1e9c11")]
    [InlineData("/usage")]
    [InlineData("/admin")]
    [InlineData("/admin/users")]
    [InlineData("/account/keys")]
    [InlineData("/account/password")]
    public async Task PagesRedirectAnAnonymousBrowserToTheLoginForm(string page)
    {
        var response = await Anonymous().GetAsync(page);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/account/login", response.Headers.Location!.PathAndQuery);
    }

    [Theory]
    [InlineData("GET", "/api/v1/batches")]
    [InlineData("POST", "/api/v1/batches")]
    [InlineData("GET", "/api/v1/batches/6a1b0cf2-4b7e-4a36-8d2d-0d1f4a1e9c11")]
    [InlineData("GET", "/api/v1/batches/6a1b0cf2-4b7e-4a36-8d2d-0d1f4a1e9c11/results")]
    [InlineData("DELETE", "/api/v1/batches/6a1b0cf2-4b7e-4a36-8d2d-0d1f4a1e9c11")]
    public async Task BatchApiNeedsAKey(string method, string path)
    {
        var request = new HttpRequestMessage(new HttpMethod(method), path);
        if (method == "POST") request.Content = new StringContent("a\nb\n", Encoding.UTF8, "text/plain");
        Assert.Equal(HttpStatusCode.Unauthorized, (await Anonymous().SendAsync(request)).StatusCode);
    }

    [Fact]
    public async Task AnalystIsRefusedEveryAdminEndpointAndPage()
    {
        var analyst = factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        var admin = factory.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText!.StartsWith("/api/v1/admin", StringComparison.Ordinal) || e.RoutePattern.RawText == "/admin"
                || e.RoutePattern.RawText.StartsWith("/admin/", StringComparison.Ordinal)).ToList();
        Assert.Contains(admin, e => e.RoutePattern.RawText == "/admin/users");
        Assert.True(admin.Count >= 4);
        // The API answers an analyst's key with 403; pages take no key, so an analyst's session is sent to the denied page.
        var session = await Accounts.AccountForms.SignedInAnalystAsync(factory, "analyst-pages@example.test");
        foreach (var endpoint in admin)
        {
            var path = Concrete(endpoint.RoutePattern) + "?from=2026-01-01&to=2026-01-02";
            if (path.StartsWith("/api/", StringComparison.Ordinal))
            {
                var method = endpoint.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods.FirstOrDefault() ?? "GET";
                Assert.Equal(HttpStatusCode.Forbidden, (await analyst.SendAsync(new HttpRequestMessage(new HttpMethod(method), path))).StatusCode);
                continue;
            }
            var page = await session.Client.GetAsync(path);
            Assert.Equal(HttpStatusCode.Redirect, page.StatusCode);
            Assert.Contains("/account/denied", page.Headers.Location!.OriginalString);
        }
    }

    [Fact]
    public async Task AnotherUsersBatchIsNotFoundByIdGuessing()
    {
        var alice = factory.CreateClient(await factory.CreateKeyAsync("alice-batch@example.test"));
        var bob = factory.CreateClient(await factory.CreateKeyAsync("bob-batch@example.test"));
        var created = await alice.PostAsync("/api/v1/batches", new StringContent("All nurses are women.\nThe sky is blue.\n", Encoding.UTF8, "text/plain"));
        Assert.Equal(HttpStatusCode.Accepted, created.StatusCode);
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString();

        foreach (var path in new[] { $"/api/v1/batches/{id}", $"/api/v1/batches/{id}/results", $"/api/v1/batches/{id}/results?format=csv", $"/api/v1/batches/{id}/summary" })
            Assert.Equal(HttpStatusCode.NotFound, (await bob.GetAsync(path)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await bob.PostAsync($"/api/v1/batches/{id}/cancel", null)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await bob.DeleteAsync($"/api/v1/batches/{id}")).StatusCode);
        Assert.DoesNotContain(id!, await bob.GetStringAsync("/api/v1/batches"));
        Assert.Equal(HttpStatusCode.OK, (await alice.GetAsync($"/api/v1/batches/{id}")).StatusCode);
    }

    [Fact]
    public async Task AnotherUsersUsageIsNotVisible()
    {
        var alice = factory.CreateClient(await factory.CreateKeyAsync("alice-usage@example.test"));
        var bob = factory.CreateClient(await factory.CreateKeyAsync("bob-usage@example.test"));
        Assert.Equal(HttpStatusCode.OK, (await alice.AnalyzeAsync()).StatusCode);
        var aliceId = await factory.UserIdAsync("alice-usage@example.test");

        var bobs = await bob.GetFromJsonAsync<JsonElement>($"/api/v1/usage?userId={aliceId}&email=alice-usage@example.test");
        Assert.Equal("bob-usage@example.test", bobs.GetProperty("email").GetString());
        Assert.Equal(0, bobs.GetProperty("today").GetProperty("requests").GetInt32());
    }

    [Fact]
    public async Task KeysPageNeverShowsOrRevokesAnotherUsersKey()
    {
        var aliceKey = await factory.CreateKeyAsync("alice-keys@example.test");
        await factory.CreateKeyAsync("bob-keys@example.test");
        var bobId = await factory.UserIdAsync("bob-keys@example.test");
        await using var bunit = new BunitContext();
        bunit.AddMud();
        bunit.Services.AddSingleton(factory.Services.GetRequiredService<BiasApp.Accounts.ApiKeyService>());
        bunit.AddAuthorization().SetAuthorized("bob-keys@example.test").SetClaims(new Claim(ClaimTypes.NameIdentifier, bobId));
        var dialogs = bunit.Render<MudBlazor.MudDialogProvider>();
        var page = bunit.Render<KeysPage>();

        Assert.DoesNotContain(aliceKey[..12], page.Markup);
        // Revokes every key on the page, confirming each time.
        while (page.FindAll("#keys-table .revoke-key").Count > 0)
        {
            var count = page.FindAll("#keys-table .revoke-key").Count;
            page.Find("#keys-table .revoke-key").Click();
            dialogs.WaitForElement(".mud-dialog").QuerySelectorAll("button").Single(b => b.TextContent.Trim() == "Revoke").Click();
            page.WaitForAssertion(() => Assert.Equal(count - 1, page.FindAll("#keys-table .revoke-key").Count));
        }

        Assert.Equal(HttpStatusCode.OK, (await factory.CreateClient(aliceKey).GetAsync("/api/v1/usage")).StatusCode);
        // No HTTP endpoint revokes or lists keys, so ids cannot be guessed over the API either.
        Assert.DoesNotContain(factory.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>(),
            e => e.RoutePattern.RawText!.Contains("key", StringComparison.OrdinalIgnoreCase) && e.RoutePattern.RawText.StartsWith("/api", StringComparison.Ordinal));
    }

    [Fact]
    public async Task RawApiKeysNeverReachTheLogs()
    {
        var logs = new CapturingLoggerProvider();
        await using var logged = factory.WithWebHostBuilder(builder => builder
            .ConfigureLogging(logging => logging.AddProvider(logs).SetMinimumLevel(LogLevel.Trace)));
        var key = await factory.CreateKeyAsync("logged@example.test");
        var client = logged.CreateClient();
        client.DefaultRequestHeaders.Remove(ApiKeys.HeaderName);
        client.DefaultRequestHeaders.Add(ApiKeys.HeaderName, key);

        Assert.Equal(HttpStatusCode.OK, (await client.AnalyzeAsync()).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/v1/usage")).StatusCode);
        client.DefaultRequestHeaders.Remove(ApiKeys.HeaderName);
        client.DefaultRequestHeaders.Add(ApiKeys.HeaderName, key + "x");
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/api/v1/usage")).StatusCode);

        Assert.NotEmpty(logs.Lines);
        var secret = key[8..];
        Assert.DoesNotContain(logs.Lines, line => line.Contains(secret, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("/account/login")]
    [InlineData("/health")]
    [InlineData("/api/v1/usage")]
    [InlineData("/api/v1/nope")]
    public async Task ResponsesCarryTheSecurityHeaders(string path)
    {
        var response = await factory.CreateClient().GetAsync(path);
        var csp = Assert.Single(response.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains("default-src 'self'", csp);
        Assert.Contains("script-src 'self'", csp);
        Assert.Contains("style-src 'self' 'unsafe-inline'", csp);
        Assert.Contains("connect-src 'self' ws: wss:", csp);
        Assert.Contains("frame-ancestors 'none'", csp);
        Assert.DoesNotContain("unsafe-eval", csp);
        Assert.Equal("nosniff", Assert.Single(response.Headers.GetValues("X-Content-Type-Options")));
        Assert.Equal("DENY", Assert.Single(response.Headers.GetValues("X-Frame-Options")));
        Assert.Equal("no-referrer", Assert.Single(response.Headers.GetValues("Referrer-Policy")));
    }

    [Fact]
    public async Task HomePageStillRendersUnderTheCspWithOnlySameOriginScripts()
    {
        var response = await factory.CreateClient().GetAsync("/");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(response.Headers.Contains("Content-Security-Policy"));
        var html = await response.Content.ReadAsStringAsync();
        foreach (var src in System.Text.RegularExpressions.Regex.Matches(html, "<script[^>]*src=\"([^\"]+)\"").Select(m => m.Groups[1].Value))
            Assert.False(Uri.TryCreate(src, UriKind.Absolute, out var uri) && uri.Scheme.StartsWith("http", StringComparison.Ordinal), $"external script {src}");
        Assert.Contains("_framework/blazor.web", html);
    }

    private static bool IsPublic(string pattern, RouteEndpoint endpoint) =>
        PublicRoutes.Contains(pattern)
        || endpoint.Metadata.GetMetadata<IAllowAnonymous>() is not null && !pattern.StartsWith("/api", StringComparison.Ordinal) && pattern.StartsWith("/account", StringComparison.Ordinal)
        || pattern.Contains(":file}", StringComparison.Ordinal) // static files fallback
        || pattern.StartsWith("/_", StringComparison.Ordinal) // _framework, _content, _blazor: static assets and the circuit hub
        || endpoint.Metadata.GetMetadata<Microsoft.AspNetCore.StaticAssets.StaticAssetDescriptor>() is not null
        || endpoint.DisplayName?.Contains("static", StringComparison.OrdinalIgnoreCase) == true && !pattern.StartsWith("/api", StringComparison.Ordinal);

    private static string Concrete(RoutePattern pattern) =>
        "/" + string.Join("/", pattern.PathSegments.Select(segment => string.Concat(segment.Parts.Select(part => part switch
        {
            RoutePatternLiteralPart literal => literal.Content,
            RoutePatternSeparatorPart separator => separator.Content,
            RoutePatternParameterPart parameter when parameter.ParameterPolicies.Any(p => p.Content == "guid") => "6a1b0cf2-4b7e-4a36-8d2d-0d1f4a1e9c11",
            RoutePatternParameterPart parameter when parameter.IsCatchAll => "x",
            RoutePatternParameterPart => "1",
            _ => "",
        }))));
}

/// <summary>Keeps every formatted log line (with its exception) for assertions.</summary>
internal sealed class CapturingLoggerProvider : ILoggerProvider
{
    public ConcurrentQueue<string> Lines { get; } = new();

    public ILogger CreateLogger(string categoryName) => new Logger(categoryName, Lines);

    public void Dispose()
    {
    }

    private sealed class Logger(string category, ConcurrentQueue<string> lines) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull
        {
            lines.Enqueue($"scope {category}: {state}");
            return null;
        }

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var structured = state is IEnumerable<KeyValuePair<string, object?>> pairs ? string.Join(";", pairs.Select(p => $"{p.Key}={p.Value}")) : "";
            lines.Enqueue($"{logLevel} {category}: {formatter(state, exception)} {structured} {exception}");
        }
    }
}
