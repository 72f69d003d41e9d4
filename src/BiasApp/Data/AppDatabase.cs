using Microsoft.EntityFrameworkCore;

namespace BiasApp.Data;

/// <summary>The resolved database settings. Resolving them (once, before the first connection) logs where the database is.</summary>
internal sealed class AppDatabase(IConfiguration configuration, IHostEnvironment environment, ILogger<AppDatabase> logger)
{
    private readonly Lazy<DatabaseSettings> _settings = new(() => Resolve(configuration, environment.ContentRootPath, logger));

    public DatabaseSettings Settings => _settings.Value;

    public string ConnectionString => Settings.ConnectionString;

    private static DatabaseSettings Resolve(IConfiguration configuration, string appFolder, ILogger logger)
    {
        var provider = DatabaseSettings.ParseProvider(configuration[DatabaseSettings.ProviderKey]);
        var configured = configuration.GetConnectionString("Default")
            ?? throw new InvalidOperationException("ConnectionStrings:Default is not set.");
        if (provider == DatabaseProvider.PostgreSQL)
        {
            LogPostgreSql(configured, logger);
            return new DatabaseSettings(provider, configured);
        }

        var resolved = DatabaseLocation.ResolveConnectionString(configured, appFolder);
        if (DatabaseLocation.DatabaseFile(configured, appFolder) is { } file) logger.LogInformation("Database: {File}", file);
        return new DatabaseSettings(provider, resolved);
    }

    // Apart, so that the JIT loads Npgsql only when PostgreSQL is configured (see DataServiceCollectionExtensions.UseNpgsql).
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private static void LogPostgreSql(string connectionString, ILogger logger)
    {
        var target = new Npgsql.NpgsqlConnectionStringBuilder(connectionString);
        logger.LogInformation("Database: PostgreSQL {Database} on {Host}:{Port}", target.Database, target.Host, target.Port);
    }
}
