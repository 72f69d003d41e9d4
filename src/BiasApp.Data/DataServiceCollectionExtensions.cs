using System.Runtime.CompilerServices;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace BiasApp.Data;

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
