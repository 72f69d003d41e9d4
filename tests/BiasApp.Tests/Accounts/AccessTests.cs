using System.Net;
using System.Text;
using BiasApp.Data;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;

namespace BiasApp.Tests.Accounts;

public sealed class AccessTests(BiasAppFactory factory) : IClassFixture<BiasAppFactory>
{
    [Theory]
    [InlineData(null)]
    [InlineData("bia_not-a-real-key")]
    public async Task ApiWithoutAValidKeyAnswers401NotARedirect(string? key)
    {
        _ = factory.AnalystKey;
        var client = factory.CreateClient(key);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.AnalyzeAsync()).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/api/v1/usage")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/api/v1/admin/usage")).StatusCode);
    }

    [Fact]
    public async Task AnalystGets403OnTheAdminApiAndAdminGets200()
    {
        var analyst = factory.CreateClient();
        Assert.Equal(HttpStatusCode.Forbidden, (await analyst.GetAsync("/api/v1/admin/usage")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await analyst.GetAsync("/api/v1/admin/usage.csv")).StatusCode);

        var admin = factory.CreateClient(await factory.CreateKeyAsync("boss@example.test", admin: true));
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync("/api/v1/admin/usage")).StatusCode);
    }

    [Fact]
    public async Task OnlyTheSha256OfAKeyIsStored()
    {
        var key = await factory.CreateKeyAsync("hashing@example.test");
        Assert.Equal(HttpStatusCode.OK, (await factory.CreateClient(key).AnalyzeAsync()).StatusCode);

        await using (var db = factory.Db())
        {
            var stored = await db.ApiKeys.SingleAsync(k => k.User!.Email == "hashing@example.test");
            Assert.Equal(ApiKeys.Hash(key), stored.Hash);
            Assert.NotEqual(key, stored.Hash);
            Assert.StartsWith(stored.Prefix, key, StringComparison.Ordinal);
            Assert.NotNull(stored.LastUsedAt);
        }
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        foreach (var file in Directory.GetFiles(Path.GetDirectoryName(factory.DatabasePath)!))
        {
            using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            using var reader = new StreamReader(stream, Encoding.Latin1);
            Assert.DoesNotContain(key[4..], await reader.ReadToEndAsync());
        }
    }

    [Fact]
    public async Task PagesSendAnonymousBrowsersToTheLoginForm()
    {
        _ = factory.AnalystKey;
        var browser = factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        browser.DefaultRequestHeaders.Remove(ApiKeys.HeaderName);
        foreach (var page in new[] { "/", "/admin", "/account/keys" })
        {
            var response = await browser.GetAsync(page);
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            Assert.StartsWith("/account/login", response.Headers.Location!.PathAndQuery);
        }
        var login = await browser.GetStringAsync("/account/login");
        Assert.Contains("__RequestVerificationToken", login);
    }

    [Fact]
    public async Task AnalystIsDeniedTheAdminPage()
    {
        var session = await AccountForms.SignedInAnalystAsync(factory, "analyst-admin-page@example.test");
        var response = await session.Client.GetAsync("/admin");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Contains("/account/denied", response.Headers.Location!.OriginalString);
        Assert.DoesNotContain("users-table", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task AnEmptyDatabaseSendsTheBrowserToCreateTheFirstAccount()
    {
        await using var empty = new BiasAppFactory();
        // The server's own client: the factory's clients would create the analyst account first.
        var browser = empty.Server.CreateClient();
        var response = await browser.GetAsync("/");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/account/setup", response.Headers.Location!.OriginalString);
        Assert.Contains("Create the first account", await browser.GetStringAsync("/account/setup"));
    }

    [Fact]
    public async Task AnAdminCanBeSeededFromConfiguration()
    {
        await using var seeded = new BiasAppFactory();
        seeded.Settings["Admin:Email"] = "root@example.test";
        seeded.Settings["Admin:Password"] = "a-long-test-password";
        _ = seeded.Server;
        await using var db = seeded.Db();
        var user = await db.Users.SingleAsync(u => u.Email == "root@example.test");
        Assert.Contains(await db.UserRoles.Where(r => r.UserId == user.Id).Join(db.Roles, ur => ur.RoleId, r => r.Id, (_, r) => r.Name).ToListAsync(), n => n == Roles.Admin);
        Assert.NotNull(user.PasswordHash);
    }
}
