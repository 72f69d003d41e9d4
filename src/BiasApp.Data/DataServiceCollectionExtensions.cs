using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;

namespace BiasApp.Data;

public static class DataServiceCollectionExtensions
{
    /// <summary>
    /// <see cref="BiasDbContext"/> (scoped) and its factory (singleton) over SQLite. A relative <c>Data Source</c> is resolved
    /// against <paramref name="contentRoot"/> and its folder is created.
    /// </summary>
    public static IServiceCollection AddBiasData(this IServiceCollection services, string connectionString, string contentRoot)
    {
        var resolved = ResolveConnectionString(connectionString, contentRoot);
        services.AddDbContextFactory<BiasDbContext>(options => Configure(options, resolved));
        return services;
    }

    public static void Configure(DbContextOptionsBuilder options, string connectionString,
        Action<Microsoft.EntityFrameworkCore.Infrastructure.SqliteDbContextOptionsBuilder>? sqlite = null) =>
        options.UseSqlite(connectionString, sqlite).AddInterceptors(WalInterceptor.Instance);

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
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;";
        command.ExecuteNonQuery();
    }
}
