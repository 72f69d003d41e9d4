namespace BiasApp.BrowserTests.Accounts;

[Collection(FirstRunBrowserCollection.Name)]
public sealed class FirstRunBrowserTests(FirstRunAppFixture app)
{
    [BrowserFact]
    public async Task FirstRunAsksToCreateTheFirstAccountWhichBecomesAdmin()
    {
        Assert.False(await app.HasAccountsAsync(), "this collection's app starts with an empty database");
        var page = await app.NewAnonymousPageAsync();
        try
        {
            // Every page, the login page included, leads to the setup form while there is no account.
            await page.GotoAsync("/");
            Assert.EndsWith(BrowserAppFixture.SetupPath, new Uri(page.Url).AbsolutePath);
            await page.GotoAsync("/account/login");
            Assert.EndsWith(BrowserAppFixture.SetupPath, new Uri(page.Url).AbsolutePath);
            await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Create the first account");
            await Assertions.Expect(page.GetByText("The account you create now is an administrator.")).ToBeVisibleAsync();

            // A mismatched repetition is refused and creates nothing.
            await page.Locator("#email").FillAsync(BrowserAppFixture.AdminEmail);
            await page.Locator("#password").FillAsync(BrowserAppFixture.AdminPassword);
            await page.Locator("#confirm").FillAsync(BrowserAppFixture.AdminPassword + "x");
            await page.Locator("#setup-button").ClickAsync();
            await Assertions.Expect(page.GetByText("The passwords differ.")).ToBeVisibleAsync();
            Assert.False(await app.HasAccountsAsync());

            await BrowserAppFixture.CreateFirstAccountAsync(page);
            Assert.Equal("/", new Uri(page.Url).AbsolutePath);
            Assert.True(await app.HasAccountsAsync());

            // Text typed the moment the page appears is kept: the form takes input only once the circuit is live, so the
            // interactive render does not wipe it.
            var analyze = new AnalyzePageDriver(page);
            const string typed = "Typed straight after set-up. It should stay.";
            await analyze.TextBox.FillAsync(typed);
            // The server-side counter follows the text only through the live circuit: once it shows the length, the
            // interactive render has happened, and the text must still be there.
            await Assertions.Expect(analyze.CharacterCount).ToContainTextAsync($"{typed.Length} /");
            await Assertions.Expect(analyze.TextBox).ToHaveValueAsync(typed);
            await Assertions.Expect(analyze.AnalyzeButton).ToBeEnabledAsync();

            // Signed in straight away, as an administrator: the app bar offers Admin and the dashboard lists the account.
            await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Check a text for stereotypes");
            var adminLink = page.Locator("a[href='/admin']");
            await Assertions.Expect(adminLink).ToBeVisibleAsync();
            await page.GotoAsync("/admin");
            var row = page.Locator("#users-table .user-email");
            await Assertions.Expect(row).ToContainTextAsync(BrowserAppFixture.AdminEmail);
            await Assertions.Expect(row).ToContainTextAsync("(admin)");

            // Setup is closed once an account exists.
            await page.GotoAsync(BrowserAppFixture.SetupPath);
            Assert.Equal("/account/login", new Uri(page.Url).AbsolutePath);
        }
        finally
        {
            await page.Context.CloseAsync();
        }
    }
}
