using BiasApp.Data;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace BiasApp.Data;

/// <summary>The SQLite database (<c>ConnectionStrings:Default</c>, relative to the content root), migrated at start-up.</summary>
public static class DataExtensions
{
    public static WebApplicationBuilder AddData(this WebApplicationBuilder builder)
    {
        builder.Services.AddDbContextFactory<BiasDbContext>((services, options) => options.UseAppDatabase(services));
        builder.Services.AddHostedService<DatabaseInitializer>();
        return builder;
    }

    /// <summary>
    /// SQLite over <c>ConnectionStrings:Default</c> (a relative data source under the content root, its folder created, WAL).
    /// Read when the container is built, so test hosts can point the app at their own file.
    /// </summary>
    public static void UseAppDatabase(this DbContextOptionsBuilder options, IServiceProvider services,
        Action<Microsoft.EntityFrameworkCore.Infrastructure.SqliteDbContextOptionsBuilder>? sqlite = null)
    {
        var configured = services.GetRequiredService<IConfiguration>().GetConnectionString("Default")
            ?? throw new InvalidOperationException("ConnectionStrings:Default is not set.");
        var contentRoot = services.GetRequiredService<IHostEnvironment>().ContentRootPath;
        DataServiceCollectionExtensions.Configure(options, DataServiceCollectionExtensions.ResolveConnectionString(configured, contentRoot), sqlite);
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
