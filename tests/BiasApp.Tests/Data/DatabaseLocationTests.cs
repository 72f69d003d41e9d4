using BiasApp.Data;
using BiasApp.Tests.Security;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting.Internal;
using Microsoft.Extensions.Logging;

namespace BiasApp.Tests.Data;

public sealed class DatabaseLocationTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "biasapp-location-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        if (Directory.Exists(_root)) Directory.Delete(_root, recursive: true);
    }

    /// <summary>A checkout with the app's build output in it: <c>ROOT/BiasApp.sln</c> and <c>ROOT/src/BiasApp/bin/Debug/net10.0/</c>.</summary>
    private string Checkout()
    {
        var appFolder = Path.Combine(_root, "src", "BiasApp", "bin", "Debug", "net10.0");
        Directory.CreateDirectory(appFolder);
        File.WriteAllText(Path.Combine(_root, DatabaseLocation.RepositoryMarker), "");
        return appFolder;
    }

    private static (string ConnectionString, string[] Logs) Resolve(string connectionString, string appFolder)
    {
        var logs = new CapturingLoggerProvider();
        using var loggers = new LoggerFactory([logs]);
        var configuration = new ConfigurationBuilder().AddInMemoryCollection([new("ConnectionStrings:Default", connectionString)]).Build();
        var database = new AppDatabase(configuration, new HostingEnvironment { ContentRootPath = appFolder }, loggers.CreateLogger<AppDatabase>());
        return (database.ConnectionString, logs.Lines.ToArray());
    }

    [Fact]
    public void TheAppsDefaultDatabaseIsInTheRepositoryDataFolderNotInTheBuildOutput()
    {
        // The app's own appsettings.json (linked into this output) and its content root, the base directory.
        var appFolder = AppContext.BaseDirectory;
        var configured = new ConfigurationBuilder().AddJsonFile(Path.Combine(appFolder, "appsettings.json")).Build().GetConnectionString("Default")!;
        var repository = DatabaseLocation.BaseFolder(appFolder);

        var file = DatabaseLocation.DatabaseFile(configured, appFolder)!;

        Assert.True(File.Exists(Path.Combine(repository, "BiasApp.sln")), repository);
        Assert.Equal(Path.Combine(repository, "data", "biasapp.db"), file);
        Assert.DoesNotContain("bin", Path.GetRelativePath(repository, file).Split(Path.DirectorySeparatorChar));
        Assert.False(file.StartsWith(appFolder, StringComparison.Ordinal), file);
    }

    [Fact]
    public void APublishedAppKeepsItsDatabaseInItsOwnDataFolder()
    {
        var appFolder = Path.Combine(_root, "app");
        Directory.CreateDirectory(appFolder);

        var (connectionString, _) = Resolve("Data Source=data/biasapp.db", appFolder);

        Assert.Equal(Path.Combine(appFolder, "data", "biasapp.db"), new SqliteConnectionStringBuilder(connectionString).DataSource);
    }

    [Fact]
    public void AnAbsoluteDataSourceIsUsedAsGiven()
    {
        var appFolder = Checkout();
        var absolute = Path.Combine(_root, "elsewhere", "mine.db");

        var (connectionString, logs) = Resolve($"Data Source={absolute}", appFolder);

        Assert.Equal(absolute, new SqliteConnectionStringBuilder(connectionString).DataSource);
        Assert.Contains(logs, l => l.StartsWith("Information") && l.Contains(absolute));
        Assert.DoesNotContain(logs, l => l.StartsWith("Warning"));
    }
}
