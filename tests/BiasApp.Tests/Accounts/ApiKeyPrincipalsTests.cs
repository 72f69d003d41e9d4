using System.Net;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace BiasApp.Tests.Accounts;

/// <summary>A key's roles are cached between calls (the claims cost several queries), but a change to its user shows on the next call.</summary>
public sealed class ApiKeyPrincipalsTests : IAsyncLifetime
{
    private readonly BiasAppFactory _factory = new();

    [Fact]
    public async Task ARoleTakenAwayOrGivenBackAppliesToTheVeryNextCallWithTheSameKey()
    {
        var key = await _factory.CreateKeyAsync("boss@example.test", admin: true);
        var client = _factory.CreateClient(key);
        var today = DateOnly.FromDateTime(DateTime.UtcNow).ToString("yyyy-MM-dd");
        var usage = $"/api/v1/admin/usage?from={today}&to={today}";
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(usage)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(usage)).StatusCode); // now from the cache

        await ChangeRolesAsync(users => users.RemoveFromRoleAsync);
        Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync(usage)).StatusCode);

        await ChangeRolesAsync(users => users.AddToRoleAsync);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(usage)).StatusCode);
    }

    private async Task ChangeRolesAsync(Func<UserManager<AppUser>, Func<AppUser, string, Task<IdentityResult>>> change)
    {
        await using var scope = _factory.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        var user = await users.FindByEmailAsync("boss@example.test");
        Assert.True((await change(users)(user!, Roles.Admin)).Succeeded);
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _factory.DisposeAsync();
}
