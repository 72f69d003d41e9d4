using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using BiasApp.Data;
using BiasApp.Tests.Accounts;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace BiasApp.Tests.Api;

/// <summary>
/// A state change under <c>/api</c> that only the browser's sign-in cookie authenticates must come from the app's own origin
/// (Origin or Sec-Fetch-Site); one authenticated by an API key needs neither.
/// </summary>
public sealed class SameOriginCheckTests(BiasAppFactory factory) : IClassFixture<BiasAppFactory>
{
    private const string Password = "Correct-horse-42";

    /// <summary>The test server's own origin (its base address is http://localhost/).</summary>
    private const string OwnOrigin = "http://localhost";

    /// <summary>A client holding the sign-in cookie of a new account, and no API key.</summary>
    private async Task<HttpClient> SignedInAsync(string email)
    {
        using (var scope = factory.Services.CreateScope())
        {
            var result = await AccountProvisioning.CreateUserAsync(scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>(), email, Password, admin: false);
            Assert.True(result.Succeeded, AccountProvisioning.Describe(result));
        }
        var forms = AccountForms.For(factory);
        Assert.Equal(HttpStatusCode.Redirect, (await forms.SignInAsync(email, Password)).Status);
        return forms.Client;
    }

    private static HttpRequestMessage Upload(string? origin = null, string? fetchSite = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/batches") { Content = new StringContent("Nurses are caring.\n", Encoding.UTF8, "text/plain") };
        if (origin is not null) request.Headers.Add("Origin", origin);
        if (fetchSite is not null) request.Headers.Add("Sec-Fetch-Site", fetchSite);
        return request;
    }

    private static async Task<int> BatchCountAsync(HttpClient client) => (await client.GetFromJsonAsync<JsonElement>("/api/v1/batches")).GetArrayLength();

    [Theory]
    [InlineData("https://evil.example", null, "its Origin is 'https://evil.example', not 'http://localhost'")]
    [InlineData("http://localhost:8080", null, "its Origin is 'http://localhost:8080'")]
    [InlineData("null", null, "its Origin is 'null'")]
    [InlineData(null, "cross-site", "it has no Origin header")]
    [InlineData(null, null, "it has no Origin header")]
    public async Task ACookiePostFromAnotherSiteIsA403AndChangesNothing(string? origin, string? fetchSite, string said)
    {
        var client = await SignedInAsync($"cross-{Guid.NewGuid():N}@example.test");
        var problem = await ProblemWordingTests.ProblemAsync(await client.SendAsync(Upload(origin, fetchSite)), HttpStatusCode.Forbidden);
        Assert.Equal("Cross-site request refused", problem.GetProperty("title").GetString());
        var detail = problem.GetProperty("detail").GetString()!;
        Assert.Contains(said, detail);
        Assert.Contains(ApiKeys.HeaderName, detail);
        Assert.Equal(0, await BatchCountAsync(client));
    }

    [Fact]
    public async Task ACookieDeleteFromAnotherSiteIsA403()
    {
        var client = await SignedInAsync("cross-delete@example.test");
        var created = await client.SendAsync(Upload(OwnOrigin));
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString();
        var delete = new HttpRequestMessage(HttpMethod.Delete, $"/api/v1/batches/{id}");
        delete.Headers.Add("Origin", "https://evil.example");
        await ProblemWordingTests.ProblemAsync(await client.SendAsync(delete), HttpStatusCode.Forbidden);
        Assert.Equal(1, await BatchCountAsync(client));
    }

    [Fact]
    public async Task ACookiePostFromTheAppsOwnOriginIsAccepted()
    {
        var client = await SignedInAsync("same-origin@example.test");
        Assert.Equal(HttpStatusCode.Accepted, (await client.SendAsync(Upload(OwnOrigin))).StatusCode);
        var analyze = new HttpRequestMessage(HttpMethod.Post, "/api/v1/analyze") { Content = JsonContent.Create(new { text = "Nurses are caring." }) };
        analyze.Headers.Add("Origin", OwnOrigin);
        Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(analyze)).StatusCode);
    }

    [Fact]
    public async Task ACookiePostTheBrowserMarksSameOriginIsAccepted()
    {
        var client = await SignedInAsync("fetch-site@example.test");
        Assert.Equal(HttpStatusCode.Accepted, (await client.SendAsync(Upload(fetchSite: "same-origin"))).StatusCode);
    }

    [Fact]
    public async Task ACookieGetFromAnotherSiteIsNotChecked()
    {
        var client = await SignedInAsync("cross-get@example.test");
        var list = new HttpRequestMessage(HttpMethod.Get, "/api/v1/batches");
        list.Headers.Add("Origin", "https://evil.example");
        Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(list)).StatusCode);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("https://evil.example")]
    public async Task AnApiKeyPostNeedsNoOrigin(string? origin)
    {
        var client = factory.CreateClient(await factory.CreateKeyAsync($"key-{Guid.NewGuid():N}@example.test"));
        Assert.Equal(HttpStatusCode.Accepted, (await client.SendAsync(Upload(origin))).StatusCode);
    }

    [Fact]
    public async Task TheDocumentDeclaresThe403OnStateChangesOnly()
    {
        var paths = JsonDocument.Parse(await factory.CreateClient().GetStringAsync("/openapi/v1.json")).RootElement.GetProperty("paths");
        Assert.True(paths.GetProperty("/api/v1/analyze").GetProperty("post").GetProperty("responses").TryGetProperty("403", out _));
        Assert.True(paths.GetProperty("/api/v1/batches/{id}").GetProperty("delete").GetProperty("responses").TryGetProperty("403", out _));
        Assert.False(paths.GetProperty("/api/v1/usage").GetProperty("get").GetProperty("responses").TryGetProperty("403", out _));
    }
}
