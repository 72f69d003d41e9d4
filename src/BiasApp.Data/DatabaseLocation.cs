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

    /// <summary>
    /// Before this rule a relative data source lived under the app folder, i.e. in the build output for <c>dotnet run</c>.
    /// When a database is there and none at the new place, it is moved (with its <c>-wal</c> and <c>-shm</c> files);
    /// when both exist nothing moves and the new one is used.
    /// </summary>
    public static DatabaseMove MoveFromAppFolder(string connectionString, string appFolder)
    {
        var builder = new SqliteConnectionStringBuilder(connectionString);
        if (builder.DataSource is not { Length: > 0 } source || source == ":memory:" || builder.Mode == SqliteOpenMode.Memory
            || Path.IsPathRooted(source))
            return DatabaseMove.None;

        var oldFile = Path.GetFullPath(source, appFolder);
        var newFile = Path.GetFullPath(source, BaseFolder(appFolder));
        if (oldFile == newFile || !File.Exists(oldFile)) return DatabaseMove.None;
        if (File.Exists(newFile)) return new DatabaseMove(DatabaseMoveOutcome.BothExist, oldFile, newFile);

        Directory.CreateDirectory(Path.GetDirectoryName(newFile)!);
        // The journal files first and the database last: if this is interrupted, the next start still finds the old
        // database and moves again (the journal files are overwritten).
        foreach (var suffix in new[] { "-wal", "-shm" })
            if (File.Exists(oldFile + suffix)) File.Move(oldFile + suffix, newFile + suffix, overwrite: true);
        File.Move(oldFile, newFile);
        return new DatabaseMove(DatabaseMoveOutcome.Moved, oldFile, newFile);
    }
}

public enum DatabaseMoveOutcome
{
    /// <summary>No database at the old place (or the old and new places are the same).</summary>
    None,
    /// <summary>The old database (and its journal files) moved to the new place.</summary>
    Moved,
    /// <summary>Databases at both places; the new one is used and the old one left alone.</summary>
    BothExist,
}

/// <summary>What <see cref="DatabaseLocation.MoveFromAppFolder"/> did, with both paths when it found an old database.</summary>
public sealed record DatabaseMove(DatabaseMoveOutcome Outcome, string? OldFile, string? NewFile)
{
    public static readonly DatabaseMove None = new(DatabaseMoveOutcome.None, null, null);
}
