using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Marketplace.Infrastructure.Security;

/// <summary>
/// Data Protection with the key ring in the database (every node shares it). Outside Development the key
/// ring itself must be encrypted with a certificate from configuration; without one the app refuses to start,
/// because unprotected keys in the database would put every stored secret one backup away from disclosure.
/// </summary>
internal static class DataProtectionSetup
{
    public const string CertificatePathKey = "DataProtection:CertificatePath";
    public const string CertificatePasswordKey = "DataProtection:CertificatePassword";

    public static void AddMarketplaceDataProtection(
        this IServiceCollection services, IConfiguration configuration, bool requireKeyProtection, bool isToolRun)
    {
        var builder = services.AddDataProtection().SetApplicationName("Marketplace");
        if (isToolRun)
        {
            return;
        }

        services.AddSingleton<DatabaseKeyRepository>();
        services.AddOptions<KeyManagementOptions>().Configure<DatabaseKeyRepository>(
            (options, repository) => options.XmlRepository = repository);

        var certificatePath = configuration[CertificatePathKey];
        if (string.IsNullOrWhiteSpace(certificatePath))
        {
            if (requireKeyProtection)
            {
                throw new InvalidOperationException(
                    $"Set {CertificatePathKey} (a PFX file; {CertificatePasswordKey} if it has a password) to protect the " +
                    "Data Protection key ring. The marketplace encrypts broker passwords with it and refuses to run " +
                    "outside Development with an unprotected key ring.");
            }

            return;
        }

        var certificate = X509CertificateLoader.LoadPkcs12FromFile(
            certificatePath, configuration[CertificatePasswordKey], X509KeyStorageFlags.EphemeralKeySet);
        builder.ProtectKeysWithCertificate(certificate).UnprotectKeysWithAnyCertificate(certificate);
    }
}
