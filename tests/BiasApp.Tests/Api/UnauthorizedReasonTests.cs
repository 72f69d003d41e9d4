using System.Net;
using System.Text.Json;
using BiasApp.Admin;
using BiasApp.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace BiasApp.Tests.Api;

/// <summary>A 401 says which it was: no key, a key never issued, a revoked key, a disabled account's key.</summary>
public sealed class UnauthorizedReasonTests(BiasAppFactory factory) : IClassFixture<BiasAppFactory>
{
    private static async Task<(string Reason, string Detail)> RefusalAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(401, problem.GetProperty("status").GetInt32());
        return (problem.GetProperty("reason").GetString()!, problem.GetProperty("detail").GetString()!);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    public async Task NoKeyIsMissing(string? key)
    {
        _ = factory.AnalystKey;
        var client = factory.CreateClient(apiKey: null);
        if (key is not null) client.DefaultRequestHeaders.TryAddWithoutValidation(ApiKeys.HeaderName, key);
        var (reason, detail) = await RefusalAsync(await client.GetAsync("/api/v1/usage"));
        Assert.Equal("missing", reason);
        Assert.Contains("X-API-Key", detail);
    }

    [Fact]
    public async Task AKeyNeverIssuedIsUnknown()
    {
        var (reason, detail) = await RefusalAsync(await factory.CreateClient("bia_" + new string('x', 43)).AnalyzeAsync());
        Assert.Equal("unknown", reason);
        Assert.Contains("not known", detail);
    }

    [Fact]
    public async Task AKeyDeletedOnTheKeysPageIsRevoked()
    {
        var key = await factory.CreateKeyAsync("revoke-own@example.test");
        var client = factory.CreateClient(key);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/v1/usage")).StatusCode);

        // The keys page deletes the row, exactly like this.
        await using (var db = factory.Db())
            Assert.Equal(1, await db.ApiKeys.Where(k => k.Hash == ApiKeys.Hash(key)).ExecuteDeleteAsync());

        var (reason, detail) = await RefusalAsync(await client.GetAsync("/api/v1/usage"));
        Assert.Equal("revoked", reason);
        Assert.Contains("revoked", detail);
        // An unrelated, never-issued key is still only unknown.
        Assert.Equal("unknown", (await RefusalAsync(await factory.CreateClient(key + "x").GetAsync("/api/v1/usage"))).Reason);
    }

    [Fact]
    public async Task KeysRevokedByAnAdminAreRevoked()
    {
        var key = await factory.CreateKeyAsync("revoked-by-admin@example.test");
        var userId = await factory.UserIdAsync("revoked-by-admin@example.test");
        using (var scope = factory.Services.CreateScope())
            Assert.Equal(1, await scope.ServiceProvider.GetRequiredService<BiasApp.Admin.UserAdministration>().RevokeKeysAsync(userId));

        Assert.Equal("revoked", (await RefusalAsync(await factory.CreateClient(key).AnalyzeAsync())).Reason);
        await using var db = factory.Db();
        var record = await db.RevokedApiKeys.SingleAsync(r => r.Hash == ApiKeys.Hash(key));
        Assert.Equal(userId, record.UserId);
        Assert.True(DateTime.UtcNow - record.RevokedAt < TimeSpan.FromMinutes(5), $"revoked at {record.RevokedAt:O}");
    }

    [Fact]
    public async Task ADisabledAccountsKeySaysSo()
    {
        var key = await factory.CreateKeyAsync("disabled-key@example.test");
        using (var scope = factory.Services.CreateScope())
            await scope.ServiceProvider.GetRequiredService<BiasApp.Admin.UserAdministration>().SetDisabledAsync(await factory.UserIdAsync("disabled-key@example.test"), true);
        Assert.Equal("disabled", (await RefusalAsync(await factory.CreateClient(key).GetAsync("/api/v1/usage"))).Reason);
    }
}
