using System.Net;
using BiasApp.Accounts;
using BiasApp.Data;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace BiasApp.Tests.Accounts;

/// <summary>
/// An API key is a credential for the API only: it never opens a page, never leads to a password, and cannot be switched off
/// by someone guessing passwords; a browser's session is used whenever the key header is empty.
/// </summary>
public sealed class ApiKeySessionTests(BiasAppFactory factory) : IClassFixture<BiasAppFactory>
{
    private const string Password = "Correct-horse-42";

    private HttpClient KeyClient(string key)
    {
        var client = factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        client.DefaultRequestHeaders.Remove(ApiKeys.HeaderName);
        client.DefaultRequestHeaders.Add(ApiKeys.HeaderName, key);
        return client;
    }

    [Theory]
    [InlineData("/account/password")]
    [InlineData("/account/keys")]
    [InlineData("/admin/users")]
    [InlineData("/admin")]
    [InlineData("/")]
    public async Task AnApiKeyIsRefusedOnAPage(string page)
    {
        var adminKey = await factory.CreateKeyAsync("key-admin@example.test", admin: true);
        var client = KeyClient(adminKey);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/v1/usage")).StatusCode); // the key itself is good

        var response = await client.GetAsync(page);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/account/login", response.Headers.Location!.AbsolutePath);
    }

    [Fact]
    public async Task AnApiKeyCannotPostTheChangePasswordForm()
    {
        var adminKey = await factory.CreateKeyAsync("key-poster@example.test", admin: true);
        var client = KeyClient(adminKey);
        var form = new FormUrlEncodedContent([new("_handler", "change-password"), new("Input.Password", "Taken-over-123"), new("Input.Confirm", "Taken-over-123")]);
        var response = await client.PostAsync("/account/password", form);
        Assert.NotEqual(HttpStatusCode.OK, response.StatusCode);

        using var scope = factory.Services.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        Assert.False(await users.HasPasswordAsync((await users.FindByEmailAsync("key-poster@example.test"))!));
    }

    [Fact]
    public async Task SettingAPasswordWithoutTheCurrentOneIsRefusedEvenForAnAccountWithNone()
    {
        using (var scope = factory.Services.CreateScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
            Assert.True((await AccountProvisioning.CreateUserAsync(users, "no-password@example.test", Password, admin: true)).Succeeded);
        }
        var forms = AccountForms.For(factory);
        Assert.Equal(HttpStatusCode.Redirect, (await forms.SignInAsync("no-password@example.test", Password)).Status);
        // The account loses its password while the session lives, as one made by `keys create --admin` never had one.
        using (var scope = factory.Services.CreateScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
            Assert.True((await users.RemovePasswordAsync((await users.FindByEmailAsync("no-password@example.test"))!)).Succeeded);
        }

        var answer = await forms.PostAsync("/account/password", "change-password",
            ("Input.Current", ""), ("Input.Password", "Taken-over-123"), ("Input.Confirm", "Taken-over-123"));
        Assert.Contains("This account has no password to change.", answer.Html);
        Assert.Contains("reset-password", answer.Html);
        using (var scope = factory.Services.CreateScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
            Assert.False(await users.HasPasswordAsync((await users.FindByEmailAsync("no-password@example.test"))!));
        }
    }

    [Fact]
    public async Task PasswordLockoutDoesNotSwitchOffTheAccountsKeys()
    {
        var key = await factory.CreateKeyAsync("locked-key@example.test");
        using (var scope = factory.Services.CreateScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
            var user = (await users.FindByEmailAsync("locked-key@example.test"))!;
            Assert.True((await AccountProvisioning.SetPasswordAsync(users, user, Password)).Succeeded);
        }
        var forms = AccountForms.For(factory);
        for (var i = 0; i < 6; i++) await forms.SignInAsync("locked-key@example.test", "Wrong-guess-1234");
        Assert.Contains("Wrong e-mail or password.", (await forms.SignInAsync("locked-key@example.test", Password)).Html); // locked now

        var client = factory.CreateClient(key);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/v1/usage")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.AnalyzeAsync()).StatusCode);
    }

    [Fact]
    public async Task AnEmptyKeyHeaderCountsAsAbsentSoTheSessionIsUsed()
    {
        using (var scope = factory.Services.CreateScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
            Assert.True((await AccountProvisioning.CreateUserAsync(users, "browser@example.test", Password, admin: false)).Succeeded);
        }
        var forms = AccountForms.For(factory);
        Assert.Equal(HttpStatusCode.Redirect, (await forms.SignInAsync("browser@example.test", Password)).Status);

        var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/usage");
        request.Headers.TryAddWithoutValidation(ApiKeys.HeaderName, "");
        Assert.Equal(HttpStatusCode.OK, (await forms.Client.SendAsync(request)).StatusCode);
    }

    [Fact]
    public async Task SignInDoesTheSameHashingWorkForUnknownLockedPasswordlessAndWrongPasswords()
    {
        var hasher = new CountingPasswordHasher();
        await using var app = factory.WithWebHostBuilder(b => b.ConfigureServices(s => s.AddSingleton<IPasswordHasher<AppUser>>(hasher)));
        using (var scope = app.Services.CreateScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
            Assert.True((await AccountProvisioning.CreateUserAsync(users, "timing-normal@example.test", Password, admin: false)).Succeeded);
            Assert.True((await AccountProvisioning.CreateUserAsync(users, "timing-locked@example.test", Password, admin: false)).Succeeded);
            await users.SetLockoutEndDateAsync((await users.FindByEmailAsync("timing-locked@example.test"))!, DateTimeOffset.UtcNow.AddMinutes(15));
        }
        await factory.CreateKeyAsync("timing-passwordless@example.test");
        var forms = AccountForms.For(app);

        foreach (var email in new[] { "timing-unknown@example.test", "timing-normal@example.test", "timing-locked@example.test", "timing-passwordless@example.test" })
        {
            var before = hasher.Verifications;
            var answer = await forms.SignInAsync(email, "Wrong-guess-1234");
            Assert.Contains("Wrong e-mail or password.", answer.Html);
            Assert.True(hasher.Verifications - before == 1, $"{email}: {hasher.Verifications - before} password hash checks");
        }
    }

    /// <summary>The real hasher, counting its checks: each one is the PBKDF2 work that sets a sign-in's timing.</summary>
    private sealed class CountingPasswordHasher : IPasswordHasher<AppUser>
    {
        private readonly PasswordHasher<AppUser> _inner = new();
        private int _verifications;

        public int Verifications => Volatile.Read(ref _verifications);

        public string HashPassword(AppUser user, string password) => _inner.HashPassword(user, password);

        public PasswordVerificationResult VerifyHashedPassword(AppUser user, string hashedPassword, string providedPassword)
        {
            Interlocked.Increment(ref _verifications);
            return _inner.VerifyHashedPassword(user, hashedPassword, providedPassword);
        }
    }
}
