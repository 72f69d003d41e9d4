using System.ComponentModel.DataAnnotations;
using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace BiasApp.Data;

/// <summary>
/// Configuration section <c>DataProtection</c>: the certificate that encrypts the Data Protection key ring (the keys behind
/// sign-in cookies and antiforgery tokens) before it is stored in the database. Without one the keys are stored as plain
/// XML, readable by anyone who can read the database, and the app says so once at start-up.
/// </summary>
public sealed class KeyProtectionOptions : IValidatableObject
{
    public const string Section = "DataProtection";

    /// <summary>A PKCS#12 (<c>.pfx</c>) file with an RSA certificate and its private key. Default unset: keys unencrypted.</summary>
    public string? CertificatePath { get; set; }

    /// <summary>The PFX file's password. Default unset (a file without a password).</summary>
    public string? CertificatePassword { get; set; }

    public bool IsConfigured => !string.IsNullOrWhiteSpace(CertificatePath);

    /// <summary>Loads the certificate; false with the reason when it is missing, unreadable or cannot encrypt.</summary>
    internal bool TryLoadCertificate([NotNullWhen(true)] out X509Certificate2? certificate, [NotNullWhen(false)] out string? error)
    {
        certificate = null;
        if (!File.Exists(CertificatePath))
        {
            error = $"{Section}:{nameof(CertificatePath)} names no file: {CertificatePath}";
            return false;
        }
        try
        {
            certificate = X509CertificateLoader.LoadPkcs12FromFile(CertificatePath, CertificatePassword);
        }
        catch (CryptographicException ex)
        {
            error = $"{Section}:{nameof(CertificatePath)} {CertificatePath} could not be read with {Section}:{nameof(CertificatePassword)}: {ex.Message}";
            return false;
        }
        // The key ring is encrypted with XML Encryption to the certificate's RSA key, and decrypted with its private key.
        using var rsa = certificate.GetRSAPrivateKey();
        if (rsa is null)
        {
            certificate.Dispose();
            certificate = null;
            error = $"{Section}:{nameof(CertificatePath)} {CertificatePath} holds no RSA private key; the key ring needs one to be encrypted and read back.";
            return false;
        }
        error = null;
        return true;
    }

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!IsConfigured)
        {
            if (!string.IsNullOrEmpty(CertificatePassword))
                yield return new ValidationResult($"{Section}:{nameof(CertificatePassword)} is set without {Section}:{nameof(CertificatePath)}.", [nameof(CertificatePath)]);
            yield break;
        }
        if (TryLoadCertificate(out var certificate, out var error)) certificate.Dispose();
        else yield return new ValidationResult(error, [nameof(CertificatePath)]);
    }
}
