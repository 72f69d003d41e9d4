using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace BiasApp.Data;

/// <summary>
/// Applies migrations, creates the roles and seeds the first admin from <c>Admin:Email</c>/<c>Admin:Password</c> when both
/// are set and the database has no account yet, under the database's initialisation lock (replicas that start together
/// take turns). Says once when the key ring is stored unencrypted.
/// </summary>
internal sealed class DatabaseInitializer(
    IServiceProvider services, IConfiguration configuration, DatabaseReadiness readiness, IOptions<KeyProtectionOptions> keyProtection,
    ILogger<DatabaseInitializer> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (!keyProtection.Value.IsConfigured)
            logger.LogWarning("Data Protection keys (behind sign-in cookies and antiforgery tokens) are stored unencrypted in the database: " +
                "set {PathSetting} to a PFX certificate with an RSA key (and {PasswordSetting}) to encrypt them",
                $"{KeyProtectionOptions.Section}:{nameof(KeyProtectionOptions.CertificatePath)}",
                $"{KeyProtectionOptions.Section}:{nameof(KeyProtectionOptions.CertificatePassword)}");
        await using var scope = services.CreateAsyncScope();
        await AccountProvisioning.InitializeAsync(scope.ServiceProvider.GetRequiredService<BiasDbContext>(),
            scope.ServiceProvider.GetRequiredService<RoleManager<IdentityRole>>(), cancellationToken,
            then: async () =>
            {
                await SeedAdminAsync(scope.ServiceProvider.GetRequiredService<BiasDbContext>(),
                    scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>(), cancellationToken);
                // The first key of the shared key ring is made here, under the lock: two replicas answering their first
                // requests at the same moment would otherwise each make one and not read the other's for up to a day.
                scope.ServiceProvider.GetRequiredService<IDataProtectionProvider>().CreateProtector("BiasApp.Startup").Protect("ready");
            });
        readiness.MarkReady();
    }

    /// <summary>
    /// The first admin from configuration, through <see cref="FirstAdmin"/>: made on a database without accounts, once, by
    /// whichever replica gets there first. On a database that has accounts already, it is not made (admins are added at
    /// /admin/users or with the CLI), and the app says so unless the account exists.
    /// </summary>
    private async Task SeedAdminAsync(BiasDbContext db, UserManager<AppUser> users, CancellationToken cancellationToken)
    {
        var email = configuration["Admin:Email"];
        var password = configuration["Admin:Password"];
        if (string.IsNullOrWhiteSpace(email) || string.IsNullOrEmpty(password) || await users.FindByEmailAsync(email) is not null) return;
        var result = await FirstAdmin.CreateAsync(db, users, email, password, cancellationToken);
        if (result.Succeeded)
        {
            logger.LogInformation("Seeded admin account {Email} from configuration", email);
        }
        else if (FirstAdmin.IsAlreadyMade(result))
        {
            // Another replica may have made this very account a moment ago.
            if (await users.FindByEmailAsync(email) is null)
                logger.LogWarning("Admin:Email {Email} was not created: the database has accounts already, and Admin:Email only makes the first admin " +
                    "(add admins at /admin/users or with biasapp-cli users create --admin)", email);
        }
        else
        {
            throw new InvalidOperationException($"Admin:Email/Admin:Password could not seed an admin: {AccountProvisioning.Describe(result)}");
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
