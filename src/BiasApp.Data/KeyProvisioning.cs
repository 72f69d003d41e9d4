using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace BiasApp.Data;

/// <summary>Creating API keys outside the web app: the CLI's <c>keys create</c> and test set-up.</summary>
public static class KeyProvisioning
{
    /// <summary>Services for <see cref="CreateKeyAsync"/> over <paramref name="connectionString"/> (a relative data source is resolved against <paramref name="baseDirectory"/>).</summary>
    public static ServiceProvider BuildServices(string connectionString, string baseDirectory) =>
        BuildServices(new DatabaseSettings(DatabaseProvider.Sqlite, connectionString), baseDirectory);

    /// <summary>Services for <see cref="CreateKeyAsync"/> over either engine.</summary>
    public static ServiceProvider BuildServices(DatabaseSettings database, string baseDirectory)
    {
        var services = new ServiceCollection();
        services.AddBiasData(database, baseDirectory);
        services.AddBiasIdentityCore();
        return services.BuildServiceProvider();
    }

    /// <summary>Migrates the database, creates the account if needed (password-less, Analyst; with <paramref name="admin"/> also Admin)
    /// and returns a new key for it.</summary>
    public static async Task<string> CreateKeyAsync(IServiceProvider services, string email, bool admin, string name, CancellationToken cancellationToken = default)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<BiasDbContext>();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        await AccountProvisioning.InitializeAsync(db, scope.ServiceProvider.GetRequiredService<RoleManager<IdentityRole>>(), cancellationToken);

        var user = await users.FindByEmailAsync(email);
        if (user is null)
        {
            var created = await AccountProvisioning.CreateUserAsync(users, email, password: null, admin);
            if (!created.Succeeded) throw new InvalidOperationException(AccountProvisioning.Describe(created));
            user = (await users.FindByEmailAsync(email))!;
        }
        else if (admin && !await users.IsInRoleAsync(user, Roles.Admin))
        {
            var promoted = await users.AddToRoleAsync(user, Roles.Admin);
            if (!promoted.Succeeded) throw new InvalidOperationException(AccountProvisioning.Describe(promoted));
        }
        return await ApiKeys.CreateAsync(db, user.Id, name, DateTime.UtcNow, cancellationToken);
    }
}
