using System.Net;
using BiasApp.Data;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using BiasApp.Tests.Security;

namespace BiasApp.Tests.Accounts;

/// <summary>The sign-in, change-password and setup forms over real HTTP posts: what a failed post sends back, and which passwords are refused.</summary>
public sealed class PasswordSecurityTests(BiasAppFactory factory) : IClassFixture<BiasAppFactory>
{
    private const string Password = "Correct-horse-42";

    private async Task<AppUser> CreateUserAsync(string email, string password = Password)
    {
        using var scope = factory.Services.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        var result = await AccountProvisioning.CreateUserAsync(users, email, password, admin: false);
        Assert.True(result.Succeeded, AccountProvisioning.Describe(result));
        return (await users.FindByEmailAsync(email))!;
    }

    [Fact]
    public async Task AFailedSignInNeitherEchoesThePasswordNorTellsALockedAccountApart()
    {
        var logs = new CapturingLoggerProvider();
        await using var logged = factory.WithWebHostBuilder(builder => builder.ConfigureLogging(l => l.AddProvider(logs)));
        var user = await CreateUserAsync("held@example.test");
        var forms = AccountForms.For(logged);

        var unknown = await forms.SignInAsync("nobody@example.test", "Typed-secret-1234");
        var wrong = await forms.SignInAsync("held@example.test", "Typed-secret-1234");
        for (var i = 0; i < 4; i++) await forms.SignInAsync("held@example.test", "Typed-secret-1234");
        // Five failures lock the account: now even the right password gets the same answer as a wrong one.
        var locked = await forms.SignInAsync("held@example.test", Password);

        foreach (var (status, html, _) in new[] { unknown, wrong, locked })
        {
            Assert.Equal(HttpStatusCode.OK, status);
            Assert.Contains("Wrong e-mail or password.", html);
            Assert.DoesNotContain("Typed-secret-1234", html);
            Assert.DoesNotContain(Password, html);
            Assert.DoesNotContain("locked", html, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("minutes", html);
        }
        Assert.Contains("value=\"held@example.test\"", locked.Html); // the e-mail is kept for the next try
        Assert.Contains(logs.Lines, line => line.Contains($"account {user.Id} is locked out until 20", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ADisabledAccountIsNamedOnlyToSomeoneWithItsPassword()
    {
        var user = await CreateUserAsync("off@example.test");
        using (var scope = factory.Services.CreateScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
            var stored = (await users.FindByIdAsync(user.Id))!;
            stored.IsDisabled = true;
            await users.UpdateAsync(stored);
        }
        var forms = AccountForms.For(factory);

        Assert.Contains("Wrong e-mail or password.", (await forms.SignInAsync("off@example.test", "not-the-password")).Html);
        var right = await forms.SignInAsync("off@example.test", Password);
        Assert.Equal(HttpStatusCode.OK, right.Status);
        Assert.Contains("This account is disabled.", right.Html);
    }

    [Fact]
    public async Task ChangingThePasswordRefusesTheCurrentOneAndSaysWhyInPlainWords()
    {
        await CreateUserAsync("changer@example.test");
        var forms = AccountForms.For(factory);
        var signedIn = await forms.SignInAsync("changer@example.test", Password);
        Assert.Equal(HttpStatusCode.Redirect, signedIn.Status);

        var reused = await forms.PostAsync("/account/password", "change-password",
            ("Input.Current", Password), ("Input.Password", Password), ("Input.Confirm", Password));
        Assert.Contains("Choose a password that differs from the current one.", reused.Html);
        Assert.DoesNotContain(Password, reused.Html);

        var tooShort = await forms.PostAsync("/account/password", "change-password",
            ("Input.Current", Password), ("Input.Password", "short-1"), ("Input.Confirm", "short-1"));
        Assert.Contains("Use at least 10 characters.", tooShort.Html);
        Assert.DoesNotContain("must be a string or array type", tooShort.Html);
        Assert.DoesNotContain("short-1", tooShort.Html);
        Assert.DoesNotContain(Password, tooShort.Html);

        var wrongCurrent = await forms.PostAsync("/account/password", "change-password",
            ("Input.Current", "Not-my-password-9"), ("Input.Password", "A-whole-new-one-7"), ("Input.Confirm", "A-whole-new-one-7"));
        Assert.Contains("The current password is wrong.", wrongCurrent.Html);
        Assert.DoesNotContain("Not-my-password-9", wrongCurrent.Html);
        Assert.DoesNotContain("A-whole-new-one-7", wrongCurrent.Html);

        var changed = await forms.PostAsync("/account/password", "change-password",
            ("Input.Current", Password), ("Input.Password", "A-whole-new-one-7"), ("Input.Confirm", "A-whole-new-one-7"));
        Assert.Contains("Your password has been changed.", changed.Html);
        Assert.DoesNotContain("A-whole-new-one-7", changed.Html);
    }

    [Fact]
    public async Task TheSetupPageNeverEchoesThePasswordAndSpeaksPlainly()
    {
        await using var empty = new BiasAppFactory();
        var forms = AccountForms.For(empty);

        var tooShort = await forms.PostAsync("/account/setup", "setup",
            ("Input.Email", "first@example.test"), ("Input.Password", "short-1"), ("Input.Confirm", "short-1"));
        Assert.Equal(HttpStatusCode.OK, tooShort.Status);
        Assert.Contains("Use at least 10 characters.", tooShort.Html);
        Assert.DoesNotContain("The field", tooShort.Html);
        Assert.DoesNotContain("short-1", tooShort.Html);

        var differ = await forms.PostAsync("/account/setup", "setup",
            ("Input.Email", "not an e-mail"), ("Input.Password", "First-secret-123"), ("Input.Confirm", "Second-secret-456"));
        Assert.Contains("The passwords differ.", differ.Html);
        Assert.Contains("Enter an e-mail address, like name@example.org.", differ.Html);
        Assert.DoesNotContain("First-secret-123", differ.Html);
        Assert.DoesNotContain("Second-secret-456", differ.Html);
        Assert.False(await empty.Services.GetRequiredService<BiasApp.Accounts.FirstRunState>().HasUsersAsync());
    }

    [Fact]
    public async Task IdentityItselfRefusesTheCurrentPasswordAsTheNewOne()
    {
        var user = await CreateUserAsync("reuse@example.test");
        using var scope = factory.Services.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        var stored = (await users.FindByIdAsync(user.Id))!;

        var reused = await users.ChangePasswordAsync(stored, Password, Password);
        Assert.False(reused.Succeeded);
        Assert.Equal(NotCurrentPasswordValidator.Code, Assert.Single(reused.Errors).Code);
        var reset = await AccountProvisioning.SetPasswordAsync(users, stored, Password);
        Assert.False(reset.Succeeded);
        Assert.True(await users.CheckPasswordAsync(stored, Password));
        Assert.True((await users.ChangePasswordAsync(stored, Password, "Something-else-99")).Succeeded);
    }
}
