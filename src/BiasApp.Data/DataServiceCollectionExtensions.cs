using System.Data.Common;
using System.Runtime.CompilerServices;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace BiasApp.Data;

/// <summary>
/// Which database engine holds the app's data (<c>Database:Provider</c>). SQLite is the self-hosted default: one file, one
/// replica. PostgreSQL lets several replicas share accounts, usage, quotas and batches. Each has its own migrations: SQLite's
/// in this assembly, PostgreSQL's in <c>BiasApp.Data.PostgreSQL</c>.
/// </summary>
public enum DatabaseProvider
{
    Sqlite,
    PostgreSQL,
}

/// <summary>The configured engine and its connection string (<c>Database:Provider</c>, <c>ConnectionStrings:Default</c>).</summary>
public sealed record DatabaseSettings(DatabaseProvider Provider, string ConnectionString)
{
    public const string ProviderKey = "Database:Provider";

    /// <summary>The assembly that holds the PostgreSQL migrations.</summary>
    public const string PostgreSqlMigrationsAssembly = "BiasApp.Data.PostgreSQL";

    /// <summary>EF Core's <c>ProviderName</c> of the PostgreSQL provider (Npgsql's provider assembly).</summary>
    public const string PostgreSqlProviderName = "Npgsql.EntityFrameworkCore.PostgreSQL";

    /// <summary>Parses <c>Database:Provider</c> (case-insensitive; empty = SQLite).</summary>
    /// <exception cref="InvalidOperationException">The value names no supported engine.</exception>
    public static DatabaseProvider ParseProvider(string? value) =>
        string.IsNullOrWhiteSpace(value) ? DatabaseProvider.Sqlite
        : Enum.TryParse<DatabaseProvider>(value.Trim(), ignoreCase: true, out var provider) && Enum.IsDefined(provider) ? provider
        : value.Trim().Equals("Postgres", StringComparison.OrdinalIgnoreCase) ? DatabaseProvider.PostgreSQL
        : throw new InvalidOperationException($"{ProviderKey} is '{value}'; use Sqlite or PostgreSQL.");
}

public static class DataServiceCollectionExtensions
{
    /// <summary>
    /// <see cref="BiasDbContext"/> (scoped) and its factory (singleton). For SQLite a relative <c>Data Source</c> is resolved
    /// against <paramref name="contentRoot"/> and its folder is created.
    /// </summary>
    public static IServiceCollection AddBiasData(this IServiceCollection services, DatabaseSettings settings, string contentRoot)
    {
        var resolved = settings.Provider == DatabaseProvider.Sqlite
            ? settings with { ConnectionString = ResolveConnectionString(settings.ConnectionString, contentRoot) }
            : settings;
        services.AddDbContextFactory<BiasDbContext>(options => Configure(options, resolved));
        return services;
    }

    /// <summary>SQLite (WAL) or PostgreSQL with its own migrations assembly.</summary>
    public static void Configure(DbContextOptionsBuilder options, DatabaseSettings settings)
    {
        if (settings.Provider == DatabaseProvider.PostgreSQL)
            UseNpgsql(options, settings.ConnectionString);
        else
            options.UseSqlite(settings.ConnectionString).AddInterceptors(WalInterceptor.Instance);
    }

    /// <summary>True when <paramref name="database"/> is PostgreSQL. Unlike Npgsql's <c>IsNpgsql()</c>, asking does not load the Npgsql assemblies.</summary>
    public static bool IsPostgreSql(this DatabaseFacade database) => database.ProviderName == DatabaseSettings.PostgreSqlProviderName;

    // Npgsql's types are only named in methods that run with PostgreSQL configured: the JIT loads an assembly when it compiles
    // a method that uses its types, and a SQLite install need not carry Npgsql's two assemblies in memory (README, Performance).
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void UseNpgsql(DbContextOptionsBuilder options, string connectionString) =>
        options.UseNpgsql(WithConnectionDefaults(connectionString), npgsql => npgsql.MigrationsAssembly(DatabaseSettings.PostgreSqlMigrationsAssembly));

    /// <summary>
    /// Connection settings the app's use of PostgreSQL wants, each added only when the connection string does not set it:
    /// <list type="bullet">
    /// <item><c>Options=-c idle_in_transaction_session_timeout=15000</c>: the app's transactions last milliseconds. A replica
    /// that stalls inside one (paused, swapped out, cut off) would hold its row locks for as long as its connection lives,
    /// and the other replicas could neither take over its batch (their claim skips locked rows) nor admit its user's
    /// analyses; PostgreSQL ends such a session after 15 s.</item>
    /// <item><c>No Reset On Close=true</c>: no <c>DISCARD ALL</c> each time EF Core hands a connection back to the pool
    /// (several times per analysis); the app keeps no session state on its connections (its one advisory lock is released
    /// explicitly).</item>
    /// <item><c>Max Auto Prepare=20</c>: the statements every analysis runs (key look-up, quota admission, usage record) are
    /// prepared once per connection instead of parsed and planned each time: about 1.4 ms less PostgreSQL CPU per analysis
    /// here (README, Scaling out).</item>
    /// </list>
    /// </summary>
    public static string WithConnectionDefaults(string connectionString)
    {
        var given = new System.Data.Common.DbConnectionStringBuilder { ConnectionString = connectionString };
        var builder = new Npgsql.NpgsqlConnectionStringBuilder(connectionString);
        if (string.IsNullOrEmpty(builder.Options)) builder.Options = "-c idle_in_transaction_session_timeout=15000";
        if (!given.ContainsKey("No Reset On Close") && !given.ContainsKey("NoResetOnClose")) builder.NoResetOnClose = true;
        if (!given.ContainsKey("Max Auto Prepare") && !given.ContainsKey("MaxAutoPrepare")) builder.MaxAutoPrepare = 20;
        return builder.ConnectionString;
    }

    /// <summary>Makes a relative data source absolute under <paramref name="contentRoot"/> and creates its folder.</summary>
    public static string ResolveConnectionString(string connectionString, string contentRoot)
    {
        var builder = new SqliteConnectionStringBuilder(connectionString);
        if (builder.DataSource is { Length: > 0 } source && source != ":memory:" && builder.Mode != SqliteOpenMode.Memory)
        {
            var path = Path.GetFullPath(source, contentRoot);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            builder.DataSource = path;
        }
        return builder.ToString();
    }
}

/// <summary>
/// DateTime columns hold UTC by convention on both engines (<c>timestamp without time zone</c> on PostgreSQL), as they always
/// have on SQLite; Npgsql's legacy timestamp mode stores them as given, where its default refuses any DateTime whose Kind is
/// not the column's. Npgsql reads the switch once, so it is set when this assembly loads, before any Npgsql code runs here.
/// </summary>
internal static class NpgsqlTimestamps
{
    public const string Switch = "Npgsql.EnableLegacyTimestampBehavior";

    // CA2255 warns that library module initialisers surprise their hosts; this library is the app's own data layer, and the
    // switch must be set before Npgsql first reads it, whichever entry point (app, CLI, tests) loads this assembly.
#pragma warning disable CA2255
    [System.Runtime.CompilerServices.ModuleInitializer]
    internal static void UseLegacyTimestamps() => AppContext.SetSwitch(Switch, true);
#pragma warning restore CA2255
}

/// <summary>WAL lets readers (dashboards) run beside the single writer, and a killed process leaves a consistent file.</summary>
internal sealed class WalInterceptor : DbConnectionInterceptor
{
    public static readonly WalInterceptor Instance = new();

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData) => Apply(connection);

    public override Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Apply(connection);
        return Task.CompletedTask;
    }

    private static void Apply(DbConnection connection)
    {
        // EF Core opens a read-only connection to ask whether the file exists; switching the journal would be a write.
        if (connection is SqliteConnection { ConnectionString: var settings } && new SqliteConnectionStringBuilder(settings).Mode == SqliteOpenMode.ReadOnly) return;
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;";
        command.ExecuteNonQuery();
    }
}
