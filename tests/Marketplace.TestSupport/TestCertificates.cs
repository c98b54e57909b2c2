using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Marketplace.TestSupport;

public static class TestCertificates
{
    /// <summary>Writes a self-signed PFX (for the Data Protection key ring) and answers its path.</summary>
    public static string WriteKeyRingCertificate(string directory, string password)
    {
        using var rsa = RSA.Create(2048);
        var request = new CertificateRequest("CN=marketplace-tests-key-ring", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1));
        var path = Path.Combine(directory, "key-ring.pfx");
        File.WriteAllBytes(path, certificate.Export(X509ContentType.Pfx, password));
        return path;
    }
}
