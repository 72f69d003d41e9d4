using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using BiasApp.Accounts;
using Microsoft.Extensions.DependencyInjection;

namespace BiasApp.BrowserTests;

/// <summary>
/// The real app on a loopback port (Kestrel, temporary database, committed model) and one headless Chromium,
/// started once per test collection. Tests get an isolated browser context per page from <see cref="NewPageAsync"/>.
/// </summary>
public class BrowserAppFixture : IAsyncLifetime
{
    private readonly string _dataFolder = Path.Combine(Path.GetTempPath(), "biasapp-browser-" + Guid.NewGuid().ToString("N"));
    private WebApplicationFactory<Program>? _factory;
    private IPlaywright? _playwright;
    private IBrowser? _browser;

    /// <summary>Where the app listens, e.g. <c>http://127.0.0.1:41234/</c>.</summary>
    public Uri BaseAddress { get; private set; } = null!;

    /// <summary>Screenshots of this run (test output <c>TestResults/screenshots/</c>, ignored by git).</summary>
    public static string ScreenshotFolder { get; } = Path.Combine(AppContext.BaseDirectory, "TestResults", "screenshots");

    /// <summary>Settings on top of the app's own <c>appsettings.json</c>; the database always goes to a temporary folder.</summary>
    protected virtual IEnumerable<KeyValuePair<string, string>> Settings => [];

    public async Task InitializeAsync()
    {
        if (!Chromium.IsInstalled)
        {
            // Skipped tests never ask for the app; under CI the whole collection fails with the reason.
            if (Chromium.IsCi) throw new InvalidOperationException(Chromium.MissingMessage);
            return;
        }

        Directory.CreateDirectory(_dataFolder);
        _factory = new AppFactory([new("ConnectionStrings:Default", $"Data Source={Path.Combine(_dataFolder, "biasapp.db")}"), .. Settings]);
        _factory.UseKestrel(options => options.Listen(IPAddress.Loopback, 0));
        _factory.StartServer();
        var address = _factory.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Single();
        BaseAddress = new Uri(address.EndsWith('/') ? address : address + "/");

        _playwright = await Playwright.CreateAsync();
        // Plain Launch gives each run a fresh temporary profile (--user-data-dir), removed again on close.
        _browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Chromium.ExecutablePath,
            Headless = true,
            Args = Chromium.Args,
        });
        Directory.CreateDirectory(ScreenshotFolder);
    }

    /// <summary>The first (admin) account: created through the setup page by a test or, failing that, by the fixture.</summary>
    public const string AdminEmail = "admin@biasapp.test";
    public const string AdminPassword = "browser-tests-Passw0rd";
    public const string SetupPath = "/account/setup";

    private readonly SemaphoreSlim _signInLock = new(1, 1);
    private string? _signedInState;

    /// <summary>The app's services, e.g. to check state the pages do not show.</summary>
    public IServiceProvider Services => _factory?.Services ?? throw new InvalidOperationException(Chromium.MissingMessage);

    /// <summary>
    /// A page in its own browser context (own cookies and storage), 1280 px wide, signed in as <see cref="AdminEmail"/>.
    /// The first call of a collection signs in through the login page (after creating the first account through the setup
    /// page when no test did yet) and keeps the cookies; later pages start from that storage state.
    /// </summary>
    public async Task<IPage> NewPageAsync()
    {
        var state = await SignedInStateAsync();
        var context = await NewContextAsync(state);
        return await context.NewPageAsync();
    }

    /// <summary>A page in a fresh browser context with no cookies: not signed in.</summary>
    public async Task<IPage> NewAnonymousPageAsync()
    {
        var context = await NewContextAsync(storageState: null);
        return await context.NewPageAsync();
    }

    private async Task<IBrowserContext> NewContextAsync(string? storageState)
    {
        var browser = _browser ?? throw new InvalidOperationException(Chromium.MissingMessage);
        var context = await browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = BaseAddress.ToString(),
            ViewportSize = new ViewportSize { Width = 1280, Height = 900 },
            Locale = "en-GB",
            StorageState = storageState,
        });
        context.SetDefaultTimeout(15_000);
        return context;
    }

    private async Task<string> SignedInStateAsync()
    {
        await _signInLock.WaitAsync();
        try
        {
            if (_signedInState is null)
            {
                var page = await NewAnonymousPageAsync();
                try
                {
                    if (!await HasAccountsAsync()) await CreateFirstAccountAsync(page);
                    else await SignInAsync(page);
                    _signedInState = await page.Context.StorageStateAsync();
                }
                finally
                {
                    await page.Context.CloseAsync();
                }
            }
            return _signedInState;
        }
        finally
        {
            _signInLock.Release();
        }
    }

    /// <summary>Whether the app's database has an account yet (a fresh app redirects every page to the setup page).</summary>
    public Task<bool> HasAccountsAsync() => Services.GetRequiredService<FirstRunState>().HasUsersAsync();

    /// <summary>Fills the first-run setup form with <see cref="AdminEmail"/> and waits for the analysis page.</summary>
    public static async Task CreateFirstAccountAsync(IPage page)
    {
        if (!page.Url.Contains(SetupPath)) await page.GotoAsync(SetupPath);
        await page.Locator("#email").FillAsync(AdminEmail);
        await page.Locator("#password").FillAsync(AdminPassword);
        await page.Locator("#confirm").FillAsync(AdminPassword);
        await page.Locator("#setup-button").ClickAsync();
        await page.WaitForURLAsync(url => !url.Contains("/account/"), LeftAccountPages);
    }

    /// <summary>Waits only until the navigation away from the account pages commits: the redirect after a sign-in can land
    /// before the wait starts, and waiting for that document's "load" event as well timed out once in CI (the callers' own
    /// assertions wait for the content they need).</summary>
    private static readonly PageWaitForURLOptions LeftAccountPages = new() { WaitUntil = WaitUntilState.Commit };

    /// <summary>Signs <paramref name="page"/> in through the login page and waits until it has left it.</summary>
    public static async Task SignInAsync(IPage page, string email = AdminEmail, string password = AdminPassword)
    {
        if (!page.Url.Contains("/account/login")) await page.GotoAsync("/account/login");
        await page.Locator("#email").FillAsync(email);
        await page.Locator("#password").FillAsync(password);
        await page.Locator("#login-button").ClickAsync();
        await page.WaitForURLAsync(url => !url.Contains("/account/"), LeftAccountPages);
    }

    public async Task DisposeAsync()
    {
        if (_browser is not null) await _browser.CloseAsync();
        _playwright?.Dispose();
        if (_factory is not null) await _factory.DisposeAsync();
        try
        {
            if (Directory.Exists(_dataFolder)) Directory.Delete(_dataFolder, recursive: true);
        }
        catch (IOException)
        {
            // SQLite may hold the file a moment longer; the OS cleans the temp folder.
        }
    }
}

internal sealed class AppFactory(IReadOnlyList<KeyValuePair<string, string>> settings) : WebApplicationFactory<Program>
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        foreach (var (key, value) in settings) builder.UseSetting(key, value);
    }
}

/// <summary>A second fresh app for the first-run test, so that it sees the setup page whatever ran before it.</summary>
public sealed class FirstRunAppFixture : BrowserAppFixture;

/// <summary>Tiny limits: one analysis a day and two a minute, to see the quota and rate-limit messages.</summary>
public sealed class QuotaAppFixture : BrowserAppFixture
{
    public const int DailyQuota = 1;
    public const int RequestsPerMinute = 2;

    protected override IEnumerable<KeyValuePair<string, string>> Settings =>
        [new("Usage:DailyQuota", DailyQuota.ToString()), new("Usage:RequestsPerMinute", RequestsPerMinute.ToString())];
}

/// <summary>The app with its model folder missing: the rule-based detector answers and the page shows a banner.</summary>
public sealed class RulesModeAppFixture : BrowserAppFixture
{
    protected override IEnumerable<KeyValuePair<string, string>> Settings =>
        [new("Model:Path", Path.Combine(Path.GetTempPath(), "biasapp-missing-model-" + Guid.NewGuid().ToString("N")))];
}

[CollectionDefinition(Name)]
public sealed class BrowserCollection : ICollectionFixture<BrowserAppFixture>
{
    public const string Name = "Browser";
}

[CollectionDefinition(Name)]
public sealed class RulesModeBrowserCollection : ICollectionFixture<RulesModeAppFixture>
{
    public const string Name = "Browser, rules mode";
}

[CollectionDefinition(Name)]
public sealed class FirstRunBrowserCollection : ICollectionFixture<FirstRunAppFixture>
{
    public const string Name = "Browser, first run";
}

[CollectionDefinition(Name)]
public sealed class QuotaBrowserCollection : ICollectionFixture<QuotaAppFixture>
{
    public const string Name = "Browser, tiny quota";
}
