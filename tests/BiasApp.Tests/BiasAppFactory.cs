using BiasApp.Data;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Data.Sqlite;

namespace BiasApp.Tests;

/// <summary>
/// The real app over the committed model folder and its own temporary SQLite file (deleted on dispose). Clients from
/// <see cref="WebApplicationFactory{T}.CreateClient()"/> send an analyst's <c>X-API-Key</c>, so they go through the real scheme.
/// </summary>
public sealed class BiasAppFactory : WebApplicationFactory<Program>
{
    private readonly Lazy<string> _analystKey;

    public BiasAppFactory() : this(Path.Combine(Path.GetTempPath(), "biasapp-tests-" + Guid.NewGuid().ToString("N"), "biasapp.db"), ownsDatabase: true)
    {
    }

    /// <summary>A factory over an existing database file (for restart tests); the caller deletes it.</summary>
    internal BiasAppFactory(string databasePath, bool ownsDatabase)
    {
        DatabasePath = databasePath;
        OwnsDatabase = ownsDatabase;
        Directory.CreateDirectory(Path.GetDirectoryName(databasePath)!);
        _analystKey = new Lazy<string>(() => CreateKeyAsync("analyst@example.test").GetAwaiter().GetResult());
    }

    public string DatabasePath { get; }
    public bool OwnsDatabase { get; }
    public string ConnectionString => $"Data Source={DatabasePath}";

    /// <summary>Settings applied to every host of this factory (before any <c>WithWebHostBuilder</c> changes).</summary>
    public Dictionary<string, string?> Settings { get; } = new()
    {
        ["Usage:RequestsPerMinute"] = "100000",
        ["Usage:RequestsPerHour"] = "100000",
        ["Usage:DailyQuota"] = "100000",
        ["Usage:DailyExplanationQuota"] = "100000",
        ["Batches:UploadsPerMinute"] = "100000",
    };

    /// <summary>The key sent by default: an Analyst's.</summary>
    public string AnalystKey => _analystKey.Value;

    /// <summary>Creates the account if needed and a new key for it, straight in the database (as the CLI does).</summary>
    public async Task<string> CreateKeyAsync(string email, bool admin = false)
    {
        await using var services = KeyProvisioning.BuildServices(ConnectionString, Path.GetTempPath());
        return await KeyProvisioning.CreateKeyAsync(services, email, admin, "test");
    }

    public HttpClient CreateClient(string? apiKey)
    {
        var client = CreateClient();
        client.DefaultRequestHeaders.Remove(ApiKeys.HeaderName);
        if (apiKey is not null) client.DefaultRequestHeaders.Add(ApiKeys.HeaderName, apiKey);
        return client;
    }

    /// <summary>A copy of the app whose model folder does not exist.</summary>
    public WebApplicationFactory<Program> WithoutModel() =>
        WithWebHostBuilder(builder => builder.UseSetting("Model:Path", Path.Combine(Path.GetTempPath(), "biasapp-missing-" + Guid.NewGuid().ToString("N"))));

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("ConnectionStrings:Default", ConnectionString);
        // The test process hosts several apps, so its working set says nothing about one app's; the memory
        // threshold has its own test (PerformanceApiTests).
        builder.UseSetting("Health:MemoryThresholdMb", "1000000");
        foreach (var (key, value) in Settings) builder.UseSetting(key, value);
    }

    protected override void ConfigureClient(HttpClient client)
    {
        base.ConfigureClient(client);
        client.DefaultRequestHeaders.Add(ApiKeys.HeaderName, AnalystKey);
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        if (!OwnsDatabase) return;
        SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(Path.GetDirectoryName(DatabasePath)!, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
