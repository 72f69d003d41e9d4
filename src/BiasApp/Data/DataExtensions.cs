using BiasApp.Data;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace BiasApp.Data;

/// <summary>
/// The SQLite database (<c>ConnectionStrings:Default</c>; a relative path is placed by <see cref="DatabaseLocation"/>, outside
/// the build output), migrated at start-up.
/// </summary>
public static class DataExtensions
{
    public static WebApplicationBuilder AddData(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<AppDatabase>();
        builder.Services.AddDbContextFactory<BiasDbContext>((services, options) => options.UseAppDatabase(services));
        builder.Services.AddHostedService<DatabaseInitializer>();
        return builder;
    }

    /// <summary>
    /// SQLite over <c>ConnectionStrings:Default</c> (a relative data source placed by <see cref="DatabaseLocation"/>, its folder
    /// created, WAL). Read when the container is built, so test hosts can point the app at their own file.
    /// </summary>
    public static void UseAppDatabase(this DbContextOptionsBuilder options, IServiceProvider services,
        Action<Microsoft.EntityFrameworkCore.Infrastructure.SqliteDbContextOptionsBuilder>? sqlite = null) =>
        DataServiceCollectionExtensions.Configure(options, services.GetRequiredService<AppDatabase>().ConnectionString, sqlite);
}

/// <summary>
/// The resolved <c>ConnectionStrings:Default</c>. Resolving it (once, before the first connection) moves a database left in
/// the build output by earlier versions and logs where the database is.
/// </summary>
internal sealed class AppDatabase(IConfiguration configuration, IHostEnvironment environment, ILogger<AppDatabase> logger)
{
    private readonly Lazy<string> _connectionString = new(() => Resolve(configuration, environment.ContentRootPath, logger));

    public string ConnectionString => _connectionString.Value;

    private static string Resolve(IConfiguration configuration, string appFolder, ILogger logger)
    {
        var configured = configuration.GetConnectionString("Default")
            ?? throw new InvalidOperationException("ConnectionStrings:Default is not set.");
        var move = DatabaseLocation.MoveFromAppFolder(configured, appFolder);
        if (move.Outcome == DatabaseMoveOutcome.Moved)
            logger.LogInformation("Moved the database from the build output {OldFile} to {NewFile}", move.OldFile, move.NewFile);
        else if (move.Outcome == DatabaseMoveOutcome.BothExist)
            logger.LogWarning("Two databases: {NewFile} is used; {OldFile}, left in the build output by an earlier version, is not",
                move.NewFile, move.OldFile);

        var resolved = DatabaseLocation.ResolveConnectionString(configured, appFolder);
        if (DatabaseLocation.DatabaseFile(configured, appFolder) is { } file) logger.LogInformation("Database: {File}", file);
        return resolved;
    }
}

/// <summary>Applies migrations, creates the roles and seeds an admin from <c>Admin:Email</c>/<c>Admin:Password</c> when both are set.</summary>
internal sealed class DatabaseInitializer(IServiceProvider services, IConfiguration configuration, ILogger<DatabaseInitializer> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await using var scope = services.CreateAsyncScope();
        await AccountProvisioning.InitializeAsync(scope.ServiceProvider.GetRequiredService<BiasDbContext>(),
            scope.ServiceProvider.GetRequiredService<RoleManager<IdentityRole>>(), cancellationToken);

        var email = configuration["Admin:Email"];
        var password = configuration["Admin:Password"];
        if (!string.IsNullOrWhiteSpace(email) && !string.IsNullOrEmpty(password))
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
            if (await users.FindByEmailAsync(email) is null)
            {
                var result = await AccountProvisioning.CreateUserAsync(users, email, password, admin: true);
                if (!result.Succeeded)
                    throw new InvalidOperationException($"Admin:Email/Admin:Password could not seed an admin: {AccountProvisioning.Describe(result)}");
                logger.LogInformation("Seeded admin account {Email} from configuration", email);
            }
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
