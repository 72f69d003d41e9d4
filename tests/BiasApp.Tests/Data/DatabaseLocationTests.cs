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

    private static void WriteDatabase(string file, string marker)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        File.WriteAllText(file, marker);
        File.WriteAllText(file + "-wal", marker + " wal");
        File.WriteAllText(file + "-shm", marker + " shm");
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
    public void ADatabaseLeftInTheBuildOutputMovesWithItsJournalFilesAndSaysSo()
    {
        var appFolder = Checkout();
        var oldFile = Path.Combine(appFolder, "data", "biasapp.db");
        var newFile = Path.Combine(_root, "data", "biasapp.db");
        WriteDatabase(oldFile, "accounts");

        var (connectionString, logs) = Resolve("Data Source=data/biasapp.db", appFolder);

        Assert.Equal(newFile, new SqliteConnectionStringBuilder(connectionString).DataSource);
        Assert.Equal("accounts", File.ReadAllText(newFile));
        Assert.Equal("accounts wal", File.ReadAllText(newFile + "-wal"));
        Assert.Equal("accounts shm", File.ReadAllText(newFile + "-shm"));
        Assert.False(File.Exists(oldFile) || File.Exists(oldFile + "-wal") || File.Exists(oldFile + "-shm"));
        var moved = Assert.Single(logs, l => l.Contains("Moved the database"));
        Assert.StartsWith("Information", moved);
        Assert.Contains(oldFile, moved);
        Assert.Contains(newFile, moved);
        Assert.DoesNotContain(logs, l => l.StartsWith("Warning"));
    }

    [Fact]
    public void WithDatabasesAtBothPlacesTheNewOneIsUsedAndBothAreNamedInAWarning()
    {
        var appFolder = Checkout();
        var oldFile = Path.Combine(appFolder, "data", "biasapp.db");
        var newFile = Path.Combine(_root, "data", "biasapp.db");
        WriteDatabase(oldFile, "old");
        WriteDatabase(newFile, "new");

        var (connectionString, logs) = Resolve("Data Source=data/biasapp.db", appFolder);

        Assert.Equal(newFile, new SqliteConnectionStringBuilder(connectionString).DataSource);
        Assert.Equal("old", File.ReadAllText(oldFile));
        Assert.Equal("new", File.ReadAllText(newFile));
        var warning = Assert.Single(logs, l => l.StartsWith("Warning"));
        Assert.Contains(oldFile, warning);
        Assert.Contains(newFile, warning);
    }

    [Fact]
    public void AnAbsoluteDataSourceIsUsedAsGivenAndNothingMoves()
    {
        var appFolder = Checkout();
        var oldFile = Path.Combine(appFolder, "data", "biasapp.db");
        WriteDatabase(oldFile, "old");
        var absolute = Path.Combine(_root, "elsewhere", "mine.db");

        var (connectionString, logs) = Resolve($"Data Source={absolute}", appFolder);

        Assert.Equal(absolute, new SqliteConnectionStringBuilder(connectionString).DataSource);
        Assert.True(File.Exists(oldFile));
        Assert.DoesNotContain(logs, l => l.Contains("Moved") || l.StartsWith("Warning"));
    }
}
