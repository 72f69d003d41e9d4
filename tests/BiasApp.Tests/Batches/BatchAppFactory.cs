using Microsoft.Extensions.DependencyInjection.Extensions;
using System.Security.Claims;
using BiasApp.Core.Classification;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace BiasApp.Tests.Batches;

/// <summary>
/// The app over a temporary SQLite file and a given classifier. An <c>X-Test-User</c> header signs the request in as that
/// user; without it the request is signed in as <see cref="DefaultUser"/> (batch endpoints require a signed-in user).
/// </summary>
public sealed class BatchAppFactory(IStereotypeClassifier? classifier, string? databaseFile = null, Dictionary<string, string?>? settings = null)
    : WebApplicationFactory<Program>
{
    /// <summary>The user a request without <c>X-Test-User</c> is signed in as.</summary>
    public const string DefaultUser = "tester";

    public string DatabaseFile { get; } = databaseFile ?? Path.Combine(Path.GetTempPath(), $"biasapp-batch-{Guid.NewGuid():N}.db");

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("ConnectionStrings:Default", $"Data Source={DatabaseFile}");
        builder.UseSetting("Batches:ChunkRows", "2");
        foreach (var (key, value) in settings ?? []) builder.UseSetting(key, value);
        builder.ConfigureTestServices(services =>
        {
            services.AddSingleton(new ModelHost(classifier, "Model file not found"));
            services.AddSingleton<IStartupFilter, TestUserStartupFilter>();
            // X-Test-User owners are not accounts, so usage cannot be recorded for them; BatchUsageTests covers the hook.
            services.RemoveAll<BiasApp.Batches.IBatchUsageHook>();
        });
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        foreach (var file in new[] { DatabaseFile, DatabaseFile + "-wal", DatabaseFile + "-shm" }) File.Delete(file);
    }

    private sealed class TestUserStartupFilter : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use((context, nextMiddleware) =>
            {
                var user = context.Request.Headers["X-Test-User"].ToString() is { Length: > 0 } named ? named : DefaultUser;
                context.User = new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.NameIdentifier, user)], "Test"));
                return nextMiddleware(context);
            });
            next(app);
        };
    }
}

/// <summary>Scores like <see cref="FakeClassifier"/> but waits for a permit before each call, so tests can step through chunks.</summary>
public sealed class SteppedClassifier : IStereotypeClassifier
{
    private readonly SemaphoreSlim _permits = new(0);

    public ModelCard Card { get; } = new() { Name = "stepped", Version = "1" };
    public bool HasAxisHead => false;

    public void Allow(int calls = 1) => _permits.Release(calls);

    public Prediction[] Classify(IReadOnlyList<string> texts, CancellationToken cancellationToken = default)
    {
        if (!_permits.Wait(TimeSpan.FromSeconds(10), cancellationToken)) throw new TimeoutException("The test never allowed the call.");
        return texts.Select(t => new Prediction(t.Contains("all", StringComparison.OrdinalIgnoreCase) ? 0.9f : 0.1f, null, 0f)).ToArray();
    }
}
