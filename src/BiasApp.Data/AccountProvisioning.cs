using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace BiasApp.Data;

/// <summary>Account rules and creation shared by the web app (first run, seeding) and the CLI (<c>keys create</c>).</summary>
public static class AccountProvisioning
{
    /// <summary>Unique e-mail as user name, passwords of at least 10 characters, lockout for 15 minutes after 5 failures.</summary>
    public static void ConfigureIdentity(IdentityOptions options)
    {
        options.User.RequireUniqueEmail = true;
        options.Password.RequiredLength = 10;
        options.Password.RequireNonAlphanumeric = false;
        options.Password.RequireUppercase = false;
        options.Password.RequireLowercase = false;
        options.Password.RequireDigit = false;
        options.Lockout.AllowedForNewUsers = true;
        options.Lockout.MaxFailedAccessAttempts = 5;
        options.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(15);
    }

    /// <summary>Identity stores over <see cref="BiasDbContext"/> without the web sign-in parts (the web app adds those).</summary>
    public static IdentityBuilder AddBiasIdentityCore(this IServiceCollection services)
    {
        services.AddLogging();
        return services.AddIdentityCore<AppUser>(ConfigureIdentity).AddRoles<IdentityRole>().AddEntityFrameworkStores<BiasDbContext>();
    }

    /// <summary>Migrates the database and makes sure both roles exist.</summary>
    public static async Task InitializeAsync(BiasDbContext db, RoleManager<IdentityRole> roles, CancellationToken cancellationToken = default)
    {
        await db.Database.MigrateAsync(cancellationToken);
        foreach (var role in new[] { Roles.Admin, Roles.Analyst })
        {
            if (!await roles.RoleExistsAsync(role)) await roles.CreateAsync(new IdentityRole(role));
        }
    }

    /// <summary>Creates an account named by its e-mail, in the Analyst role and, with <paramref name="admin"/>, the Admin role.
    /// A null <paramref name="password"/> makes an account that can only use API keys until a password is set.</summary>
    public static async Task<IdentityResult> CreateUserAsync(UserManager<AppUser> users, string email, string? password, bool admin)
    {
        var user = new AppUser { UserName = email, Email = email, EmailConfirmed = true, CreatedAt = DateTime.UtcNow };
        var result = password is null ? await users.CreateAsync(user) : await users.CreateAsync(user, password);
        if (!result.Succeeded) return result;
        return await users.AddToRolesAsync(user, admin ? [Roles.Admin, Roles.Analyst] : [Roles.Analyst]);
    }

    public static string Describe(IdentityResult result) => string.Join(" ", result.Errors.Select(e => e.Description));
}

/// <summary>Creating API keys outside the web app: the CLI's <c>keys create</c> and test set-up.</summary>
public static class KeyProvisioning
{
    /// <summary>Services for <see cref="CreateKeyAsync"/> over <paramref name="connectionString"/> (a relative data source is resolved against <paramref name="baseDirectory"/>).</summary>
    public static ServiceProvider BuildServices(string connectionString, string baseDirectory)
    {
        var services = new ServiceCollection();
        services.AddBiasData(connectionString, baseDirectory);
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
