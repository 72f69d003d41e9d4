using BiasApp.Data;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.XmlEncryption;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace BiasApp.Data;

/// <summary>
/// The app's database: <c>Database:Provider</c> (<c>Sqlite</c>, the default, or <c>PostgreSQL</c>) over
/// <c>ConnectionStrings:Default</c> (for SQLite a relative path is placed by <see cref="DatabaseLocation"/>, outside the build
/// output), migrated at start-up under a lock; the Data Protection key ring (cookies, antiforgery) lives in it too, so every
/// replica reads the others' cookies, encrypted with the <c>DataProtection:CertificatePath</c> certificate when one is given
/// (<see cref="KeyProtectionOptions"/>).
/// </summary>
public static class DataExtensions
{
    public static WebApplicationBuilder AddData(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<AppDatabase>();
        builder.Services.AddSingleton<DatabaseReadiness>();
        builder.Services.AddDbContextFactory<BiasDbContext>((services, options) => options.UseAppDatabase(services));
        builder.Services.AddHostedService<DatabaseInitializer>();
        builder.Services.AddOptions<KeyProtectionOptions>().BindConfiguration(KeyProtectionOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        var keys = builder.Services.AddDataProtection().SetApplicationName("BiasApp").PersistKeysToDbContext<BiasDbContext>();
        var protection = builder.Configuration.GetSection(KeyProtectionOptions.Section).Get<KeyProtectionOptions>() ?? new();
        // A certificate that cannot be used is left to the options validation, which stops the app at start with the reason.
        if (protection.IsConfigured && protection.TryLoadCertificate(out var certificate, out _))
        {
            keys.ProtectKeysWithCertificate(certificate);
        }
        else
        {
            // Unencrypted by choice: the null encryptor stores keys as the framework would without one, but states the choice,
            // so the framework's warning for each new key gives way to DatabaseInitializer's one warning at start-up that
            // names the setting.
            builder.Services.Configure<KeyManagementOptions>(options => options.XmlEncryptor = new NullXmlEncryptor());
        }
        return builder;
    }

    /// <summary>The configured engine over the resolved connection string. Read when the container is built, so test hosts can point the app at their own database.</summary>
    public static void UseAppDatabase(this DbContextOptionsBuilder options, IServiceProvider services) =>
        DataServiceCollectionExtensions.Configure(options, services.GetRequiredService<AppDatabase>().Settings);
}

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

/// <summary>Set once the database is migrated and seeded; <c>/health/ready</c> waits for it.</summary>
public sealed class DatabaseReadiness
{
    private volatile bool _ready;

    public bool IsReady => _ready;

    internal void MarkReady() => _ready = true;
}

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
