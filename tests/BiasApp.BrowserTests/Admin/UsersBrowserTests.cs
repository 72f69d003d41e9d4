using System.Text.RegularExpressions;

namespace BiasApp.BrowserTests.Admin;

[Collection(BrowserCollection.Name)]
public sealed class UsersBrowserTests(BrowserAppFixture app)
{
    /// <summary>The confirmation's button, once the message box is open.</summary>
    private static ILocator DialogButton(IPage page, string name) =>
        page.Locator(".mud-dialog").GetByRole(AriaRole.Button, new() { Name = name, Exact = true });

    [BrowserFact]
    public async Task AnAdminCreatesAUserWhoSignsInWithTheShownPasswordAndDeletingAsksFirst()
    {
        var page = await app.NewPageAsync();
        var newcomer = await app.NewAnonymousPageAsync();
        var email = $"colleague-{Guid.NewGuid():N}"[..20] + "@biasapp.test";
        try
        {
            await page.GotoAsync("/admin/users");
            await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Users");
            var emailField = Interactive.Field(page, "new-user-email");
            await Interactive.RetryUntilAsync(
                () => emailField.FillAsync(email),
                timeout => Assertions.Expect(page.Locator("#create-user-button")).ToBeEnabledAsync(new() { Timeout = timeout }));
            await page.Locator("#create-user-button").ClickAsync();

            var shown = page.Locator("#new-password");
            await Assertions.Expect(shown).ToBeVisibleAsync();
            var password = (await shown.InnerTextAsync()).Trim();
            var row = page.Locator("#managed-users tbody tr").Filter(new() { HasText = email });
            await Assertions.Expect(row.Locator(".user-role")).ToHaveTextAsync("analyst");
            await Screenshots.SaveAsync(page, "users");

            // The colleague signs in with it and gets an analyst's app bar.
            await BrowserAppFixture.SignInAsync(newcomer, email, password);
            Assert.Equal("/", new Uri(newcomer.Url).AbsolutePath);
            await Assertions.Expect(newcomer.GetByText(email)).ToBeVisibleAsync();
            await Assertions.Expect(newcomer.Locator("#users-link")).ToHaveCountAsync(0);

            // Shown once: a reload lists the user but not the password.
            await page.ReloadAsync();
            await Assertions.Expect(row).ToHaveCountAsync(1);
            await Assertions.Expect(page.Locator("#new-password")).ToHaveCountAsync(0);
            Assert.DoesNotContain(password, await page.ContentAsync());

            // Deleting asks first: Cancel keeps the user, Delete removes them.
            await Interactive.RetryUntilAsync(
                () => row.Locator(".delete-user").ClickAsync(),
                timeout => Assertions.Expect(DialogButton(page, "Cancel")).ToBeVisibleAsync(new() { Timeout = timeout }));
            await Assertions.Expect(page.Locator(".mud-dialog")).ToContainTextAsync("Their usage stays in the reports");
            await DialogButton(page, "Cancel").ClickAsync();
            await Assertions.Expect(page.Locator(".mud-dialog")).ToHaveCountAsync(0);
            await Assertions.Expect(row).ToHaveCountAsync(1);

            await row.Locator(".delete-user").ClickAsync();
            await DialogButton(page, "Delete").ClickAsync();
            await Assertions.Expect(row).ToHaveCountAsync(0);
        }
        finally
        {
            await newcomer.Context.CloseAsync();
            await page.Context.CloseAsync();
        }
    }

    [BrowserFact]
    public async Task ATypedPasswordIsNeverInThePageAfterAFailedPost()
    {
        await app.NewPageAsync(); // the first account exists
        var anonymous = await app.NewAnonymousPageAsync();
        var page = await app.NewPageAsync();
        try
        {
            await anonymous.GotoAsync("/account/login");
            await anonymous.Locator("#email").FillAsync(BrowserAppFixture.AdminEmail);
            await anonymous.Locator("#password").FillAsync("Typed-wrong-secret-1");
            await anonymous.Locator("#login-button").ClickAsync();
            await Assertions.Expect(anonymous.Locator("#account-error")).ToHaveTextAsync("Wrong e-mail or password.");
            Assert.DoesNotContain("Typed-wrong-secret-1", await anonymous.ContentAsync());
            Assert.Equal("", await anonymous.Locator("#password").InputValueAsync());
            Assert.Equal(BrowserAppFixture.AdminEmail, await anonymous.Locator("#email").InputValueAsync());

            // Change password with a mismatched repeat: the form comes back with every password field empty.
            await page.GotoAsync("/account/password");
            await page.Locator("#current").FillAsync(BrowserAppFixture.AdminPassword);
            await page.Locator("#password").FillAsync("Brand-new-secret-77");
            await page.Locator("#confirm").FillAsync("Other-new-secret-88");
            await page.Locator("#change-password-button").ClickAsync();
            await Assertions.Expect(page.GetByText("The passwords differ.")).ToBeVisibleAsync();
            var html = await page.ContentAsync();
            foreach (var typed in new[] { BrowserAppFixture.AdminPassword, "Brand-new-secret-77", "Other-new-secret-88" })
                Assert.DoesNotContain(typed, html);
            foreach (var id in new[] { "#current", "#password", "#confirm" })
                Assert.Equal("", await page.Locator(id).InputValueAsync());
            Assert.Matches(new Regex("/account/password$"), page.Url);
        }
        finally
        {
            await anonymous.Context.CloseAsync();
            await page.Context.CloseAsync();
        }
    }
}
