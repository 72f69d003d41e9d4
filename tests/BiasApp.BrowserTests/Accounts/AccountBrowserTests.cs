using System.Net;
using System.Text.RegularExpressions;

namespace BiasApp.BrowserTests.Accounts;

[Collection(BrowserCollection.Name)]
public sealed class AccountBrowserTests(BrowserAppFixture app)
{
    [BrowserFact]
    public async Task SigningInOpensTheAppAndSigningOutClosesIt()
    {
        await app.NewPageAsync(); // the first account exists (created by a test or the fixture)
        var page = await app.NewAnonymousPageAsync();
        try
        {
            // Not signed in: a page sends the browser to the login form, remembering where it wanted to go.
            await page.GotoAsync("/usage");
            Assert.Equal("/account/login", new Uri(page.Url).AbsolutePath);
            Assert.Contains("ReturnUrl=%2Fusage", page.Url);

            await page.Locator("#email").FillAsync(BrowserAppFixture.AdminEmail);
            await page.Locator("#password").FillAsync("not the password");
            await page.Locator("#login-button").ClickAsync();
            await Assertions.Expect(page.Locator("#account-error")).ToHaveTextAsync("Wrong e-mail or password.");

            await BrowserAppFixture.SignInAsync(page);
            Assert.Equal("/usage", new Uri(page.Url).AbsolutePath);
            await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("My usage");
            await Assertions.Expect(page.GetByText(BrowserAppFixture.AdminEmail)).ToBeVisibleAsync();

            await page.Locator("#logout-button").ClickAsync();
            await page.WaitForURLAsync(new Regex("/account/login"), new() { WaitUntil = WaitUntilState.Commit });
            await page.GotoAsync("/");
            Assert.Equal("/account/login", new Uri(page.Url).AbsolutePath);
            await Assertions.Expect(page.Locator("#logout-button")).ToHaveCountAsync(0);
        }
        finally
        {
            await page.Context.CloseAsync();
        }
    }

    [BrowserFact]
    public async Task AnApiKeyIsShownOnceWorksWithTheApiAndStopsWorkingWhenRevoked()
    {
        var page = await app.NewPageAsync();
        using var http = new HttpClient { BaseAddress = app.BaseAddress };
        try
        {
            await page.GotoAsync("/account/keys");
            await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("API keys");
            var name = "browser test " + Guid.NewGuid().ToString("N")[..6];
            var nameField = Interactive.Field(page, "key-name");
            await Interactive.RetryUntilAsync(
                () => nameField.FillAsync(name),
                timeout => Assertions.Expect(page.Locator("#create-key")).ToBeEnabledAsync(new() { Timeout = timeout }));
            await page.Locator("#create-key").ClickAsync();

            var shown = page.Locator("#new-key");
            await Assertions.Expect(shown).ToBeVisibleAsync();
            var key = (await shown.InnerTextAsync()).Trim();
            Assert.True(key.Length >= 20, $"a key should be long, got '{key}'");
            var row = page.Locator("#keys-table tbody tr").Filter(new() { HasText = name });
            await Assertions.Expect(row).ToHaveCountAsync(1);
            await Assertions.Expect(row).Not.ToContainTextAsync(key); // the table has only the prefix
            await Screenshots.SaveAsync(page, "keys");

            Assert.Equal(HttpStatusCode.OK, (await GetUsageAsync(http, key)).StatusCode);
            Assert.Equal(HttpStatusCode.Unauthorized, (await GetUsageAsync(http, key + "x")).StatusCode);

            // Shown once: a reload lists the key but no longer shows it.
            await page.ReloadAsync();
            await Assertions.Expect(row).ToHaveCountAsync(1);
            await Assertions.Expect(page.Locator("#new-key")).ToHaveCountAsync(0);
            Assert.DoesNotContain(key, await page.ContentAsync());

            // The buttons answer once the circuit is up; a typed name enabling Create shows that it is.
            await Interactive.RetryUntilAsync(
                () => nameField.FillAsync("x"),
                timeout => Assertions.Expect(page.Locator("#create-key")).ToBeEnabledAsync(new() { Timeout = timeout }));
            await row.Locator(".revoke-key").ClickAsync();
            await Assertions.Expect(page.Locator(".mud-dialog")).ToContainTextAsync(name); // revoking asks first
            await page.Locator(".mud-dialog").GetByRole(AriaRole.Button, new() { Name = "Revoke", Exact = true }).ClickAsync();
            await Assertions.Expect(row).ToHaveCountAsync(0);
            Assert.Equal(HttpStatusCode.Unauthorized, (await GetUsageAsync(http, key)).StatusCode);
        }
        finally
        {
            await page.Context.CloseAsync();
        }
    }

    private static Task<HttpResponseMessage> GetUsageAsync(HttpClient http, string key)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, "api/v1/usage");
        request.Headers.Add("X-API-Key", key);
        return http.SendAsync(request);
    }
}
