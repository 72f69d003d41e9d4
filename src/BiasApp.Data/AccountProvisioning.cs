using System.Security.Cryptography;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace BiasApp.Data;

/// <summary>Account rules and creation shared by the web app (first run, seeding) and the CLI (<c>keys create</c>).</summary>
public static class AccountProvisioning
{
    /// <summary>Shortest password accepted.</summary>
    public const int MinPasswordLength = 10;

    /// <summary>The form message for a too-short password (attribute arguments must be constants).</summary>
    public const string MinPasswordLengthMessage = "Use at least 10 characters.";

    /// <summary>Unique e-mail as user name, passwords of at least 10 characters, lockout for 15 minutes after 5 failures.</summary>
    public static void ConfigureIdentity(IdentityOptions options)
    {
        options.User.RequireUniqueEmail = true;
        options.Password.RequiredLength = MinPasswordLength;
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
        return services.AddIdentityCore<AppUser>(ConfigureIdentity).AddRoles<IdentityRole>().AddEntityFrameworkStores<BiasDbContext>()
            .AddErrorDescriber<PlainIdentityErrors>().AddPasswordValidator<NotCurrentPasswordValidator>();
    }

    /// <summary>
    /// Migrates the database, makes sure both roles exist and then runs <paramref name="then"/> (e.g. seeding an admin), all
    /// while holding the database's initialisation lock, so replicas starting together neither race on migrations nor create
    /// the same role or account twice.
    /// </summary>
    public static Task InitializeAsync(BiasDbContext db, RoleManager<IdentityRole> roles, CancellationToken cancellationToken = default,
        Func<Task>? then = null) =>
        DatabaseInitialization.ExclusiveAsync(db, async () =>
        {
            // On an empty PostgreSQL database EF Core reads the history table before creating it and logs the failure as an
            // error (npgsql/efcore.pg#3407); creating it first leaves the first start's log clean.
            if (db.Database.IsPostgreSql())
                await db.GetService<Microsoft.EntityFrameworkCore.Migrations.IHistoryRepository>().CreateIfNotExistsAsync(cancellationToken);
            await db.Database.MigrateAsync(cancellationToken);
            foreach (var role in new[] { Roles.Admin, Roles.Analyst })
            {
                if (await roles.RoleExistsAsync(role)) continue;
                var created = new IdentityRole(role);
                try
                {
                    await roles.CreateAsync(created);
                }
                // SQLite has no lock across processes here: two hosts on one file may both find the role missing. The
                // loser's insert breaks the unique name; the role exists all the same, and the failed entry is dropped so
                // that the context's next save does not repeat it.
                catch (DbUpdateException) when (DetachAndExists(db, created, role))
                {
                }
            }
            if (then is not null) await then();
        }, cancellationToken);

    private static bool DetachAndExists(BiasDbContext db, IdentityRole created, string role)
    {
        db.Entry(created).State = EntityState.Detached;
        return db.Roles.Any(r => r.NormalizedName == role.ToUpperInvariant());
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

    /// <summary>The errors as one line; a taken e-mail is both a duplicate user name and e-mail, said once.</summary>
    public static string Describe(IdentityResult result) => string.Join(" ", result.Errors.Select(e => e.Description).Distinct());

    /// <summary>A random 16-character password for an account an admin creates or resets, shown once. The alphabet leaves out
    /// look-alikes (0/O, 1/l/I), since the password is read off a screen and typed by hand; 16 of 56 symbols is about 93 bits.</summary>
    public static string GeneratePassword() =>
        RandomNumberGenerator.GetString("abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789", 16);

    /// <summary>
    /// Gives <paramref name="user"/> a new password (also a password-less, key-only account), ends any lockout and changes the
    /// security stamp, so sessions signed in with the old password end. The password validators run first (length, not the
    /// current password), so a refused password leaves the old one in place.
    /// </summary>
    public static async Task<IdentityResult> SetPasswordAsync(UserManager<AppUser> users, AppUser user, string password)
    {
        var errors = new List<IdentityError>();
        foreach (var validator in users.PasswordValidators)
        {
            var result = await validator.ValidateAsync(users, user, password);
            if (!result.Succeeded) errors.AddRange(result.Errors);
        }
        if (errors.Count > 0) return IdentityResult.Failed([.. errors]);
        user.PasswordHash = users.PasswordHasher.HashPassword(user, password);
        user.LockoutEnd = null;
        user.AccessFailedCount = 0;
        return await users.UpdateSecurityStampAsync(user); // saves the user too
    }
}
