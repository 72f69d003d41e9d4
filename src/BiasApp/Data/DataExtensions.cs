using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.XmlEncryption;
using Microsoft.EntityFrameworkCore;

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
