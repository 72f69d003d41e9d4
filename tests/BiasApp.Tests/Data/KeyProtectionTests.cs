using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using BiasApp.Data;
using BiasApp.Tests.Security;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace BiasApp.Tests.Data;

/// <summary>The Data Protection key ring in the database: encrypted with <c>DataProtection:CertificatePath</c>, or one warning.</summary>
public sealed class KeyProtectionTests : IDisposable
{
    private const string Password = "pfx-test-password";
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "biasapp-keys-" + Guid.NewGuid().ToString("N"));

    public KeyProtectionTests() => Directory.CreateDirectory(_folder);

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    /// <summary>A self-signed RSA certificate with its private key, as a password-protected PFX file.</summary>
    private string WriteCertificate(string name = "keys.pfx")
    {
        using var rsa = RSA.Create(2048);
        var request = new CertificateRequest("CN=BiasApp key ring test", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1));
        var path = Path.Combine(_folder, name);
        File.WriteAllBytes(path, certificate.Export(X509ContentType.Pfx, Password));
        return path;
    }

    [Fact]
    public async Task WithACertificateTheStoredKeysAreEncryptedAndAnotherHostWithItReadsThem()
    {
        var certificate = WriteCertificate();
        await using var first = new BiasAppFactory();
        first.Settings["DataProtection:CertificatePath"] = certificate;
        first.Settings["DataProtection:CertificatePassword"] = Password;
        _ = first.Server;
        var token = first.Services.GetRequiredService<IDataProtectionProvider>().CreateProtector("test").Protect("a secret");

        await using (var db = first.Db())
        {
            var xml = Assert.Single(await db.DataProtectionKeys.Select(k => k.Xml).ToListAsync());
            Assert.Contains("EncryptedData", xml);
            Assert.DoesNotContain("<masterKey", xml);
        }

        // A replica (or a restart) with the same certificate reads the key that the first one stored.
        await using var second = new BiasAppFactory(first.DatabasePath, ownsDatabase: false);
        second.Settings["DataProtection:CertificatePath"] = certificate;
        second.Settings["DataProtection:CertificatePassword"] = Password;
        Assert.Equal("a secret", second.Services.GetRequiredService<IDataProtectionProvider>().CreateProtector("test").Unprotect(token));
    }

    [Fact]
    public async Task WithoutACertificateTheAppWarnsExactlyOnceAtStartUpNamingTheSetting()
    {
        var logs = new CapturingLoggerProvider();
        await using var factory = new BiasAppFactory();
        await using var logged = factory.WithWebHostBuilder(builder => builder.ConfigureLogging(logging => logging.AddProvider(logs)));
        _ = logged.Server;
        // A second key (as after a rotation) must not add a warning either.
        logged.Services.GetRequiredService<Microsoft.AspNetCore.DataProtection.KeyManagement.IKeyManager>()
            .CreateNewKey(DateTimeOffset.UtcNow, DateTimeOffset.UtcNow.AddDays(90));

        var warnings = logs.Lines.Where(line => line.StartsWith("Warning ", StringComparison.Ordinal)).ToList();
        var warning = Assert.Single(warnings);
        Assert.Contains("DataProtection:CertificatePath", warning);
        Assert.Contains("unencrypted", warning);
        await using var db = factory.Db();
        Assert.Equal(2, await db.DataProtectionKeys.CountAsync());
    }

    [Fact]
    public async Task AWrongCertificatePasswordStopsTheAppAtStartNamingTheSetting()
    {
        var certificate = WriteCertificate();
        await using var factory = new BiasAppFactory();
        factory.Settings["DataProtection:CertificatePath"] = certificate;
        factory.Settings["DataProtection:CertificatePassword"] = "not the password";

        var failure = Assert.ThrowsAny<Exception>(() => factory.Server);

        Assert.Contains("DataProtection:CertificatePath", failure.ToString());
    }
}
