namespace BiasApp.Data;

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
