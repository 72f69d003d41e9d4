using Microsoft.Data.Sqlite;

namespace BiasApp.Data;

/// <summary>
/// Where the web app keeps a relative SQLite data source. It is resolved against the nearest folder at or above the app
/// folder that holds <c>BiasApp.sln</c> (the repository, for <c>dotnet run</c> and tests: <c>&lt;repo&gt;/data/biasapp.db</c>),
/// else against the app folder itself (a published app: <c>/app/data/biasapp.db</c> in the container). The build output
/// is never the base, so <c>dotnet clean</c> keeps the accounts. Absolute paths and in-memory databases are kept as given.
/// </summary>
public static class DatabaseLocation
{
    public const string RepositoryMarker = "BiasApp.sln";

    /// <summary>The folder a relative data source is resolved against, for an app running from <paramref name="appFolder"/>.</summary>
    public static string BaseFolder(string appFolder)
    {
        for (var dir = new DirectoryInfo(Path.GetFullPath(appFolder)); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, RepositoryMarker))) return dir.FullName;
        return Path.GetFullPath(appFolder);
    }

    /// <summary>The absolute database file of <paramref name="connectionString"/>, or null for an in-memory database.</summary>
    public static string? DatabaseFile(string connectionString, string appFolder)
    {
        var builder = new SqliteConnectionStringBuilder(connectionString);
        if (builder.DataSource is not { Length: > 0 } source || source == ":memory:" || builder.Mode == SqliteOpenMode.Memory) return null;
        return Path.GetFullPath(source, BaseFolder(appFolder));
    }

    /// <summary><paramref name="connectionString"/> with its data source made absolute by <see cref="BaseFolder"/>; the folder is created.</summary>
    public static string ResolveConnectionString(string connectionString, string appFolder) =>
        DataServiceCollectionExtensions.ResolveConnectionString(connectionString, BaseFolder(appFolder));
}
