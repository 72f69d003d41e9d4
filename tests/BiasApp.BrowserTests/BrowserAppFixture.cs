using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc.Testing;
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

    /// <summary>A page in its own browser context (own cookies and storage), 1280 px wide, signed in.</summary>
    public async Task<IPage> NewPageAsync()
    {
        var browser = _browser ?? throw new InvalidOperationException(Chromium.MissingMessage);
        var context = await browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = BaseAddress.ToString(),
            ViewportSize = new ViewportSize { Width = 1280, Height = 900 },
            Locale = "en-GB",
        });
        context.SetDefaultTimeout(15_000);
        var page = await context.NewPageAsync();
        await SignInAsync(page);
        return page;
    }

    /// <summary>
    /// Hook for the accounts feature (being built on another branch): once the app requires sign-in, this creates the
    /// first-run admin on first use and signs <paramref name="page"/> in, so every test starts past the sign-in page.
    /// The app has no accounts yet, so today it does nothing.
    /// </summary>
    public virtual Task SignInAsync(IPage page) => Task.CompletedTask;

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
