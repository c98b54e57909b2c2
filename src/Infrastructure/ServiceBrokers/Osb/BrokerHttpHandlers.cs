using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;

namespace Marketplace.Infrastructure.ServiceBrokers.Osb;

/// <summary>
/// The transport to brokers: the endpoint policy is checked on every connection (after DNS, so a name that
/// later resolves elsewhere cannot slip through), redirects are never followed, and certificates are validated
/// against the system store plus the configured extra CAs — except for private brokers in development mode.
/// </summary>
internal sealed class BrokerHttpHandlers(BrokerNetworkOptions options)
{
    public const string ValidatingClient = "osb";
    public const string DevelopmentModeClient = "osb-devmode";

    private readonly X509Certificate2Collection _extraRoots = LoadExtraRoots(options.AdditionalTrustedCertificates);

    public SocketsHttpHandler Create(bool skipTlsValidation) => new()
    {
        AllowAutoRedirect = false,
        UseProxy = false, // a proxy would hide the broker's real address from the endpoint policy
        UseCookies = false,
        PooledConnectionLifetime = TimeSpan.FromMinutes(2),
        ConnectCallback = ConnectAsync,
        SslOptions = new SslClientAuthenticationOptions
        {
            // Development mode exists for exactly this: a private broker with a self-signed certificate.
#pragma warning disable CA5359
            RemoteCertificateValidationCallback = skipTlsValidation ? AcceptAnyCertificate : ValidateCertificate,
#pragma warning restore CA5359
        },
    };

    private async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken cancellationToken)
    {
        var host = context.DnsEndPoint.Host;
        var addresses = IPAddress.TryParse(host, out var literal)
            ? [literal]
            : await Dns.GetHostAddressesAsync(host, cancellationToken);
        if (!options.AllowPrivateNetworkEndpoints && addresses.Any(EndpointPolicy.IsForbidden))
        {
            throw new EndpointForbiddenException(host);
        }

        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(addresses, context.DnsEndPoint.Port, cancellationToken);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    private bool ValidateCertificate(object sender, X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors)
    {
        if (errors == SslPolicyErrors.None)
        {
            return true;
        }

        if (errors != SslPolicyErrors.RemoteCertificateChainErrors || certificate is null || _extraRoots.Count == 0)
        {
            return false;
        }

        using var custom = new X509Chain();
        custom.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        custom.ChainPolicy.CustomTrustStore.AddRange(_extraRoots);
        custom.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        if (chain is not null)
        {
            foreach (var element in chain.ChainElements.Skip(1))
            {
                custom.ChainPolicy.ExtraStore.Add(element.Certificate);
            }
        }

        using var leaf = X509CertificateLoader.LoadCertificate(certificate.GetRawCertData());
        return custom.Build(leaf);
    }

    private static bool AcceptAnyCertificate(object sender, X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors) => true;

    private static X509Certificate2Collection LoadExtraRoots(string? pemOrPath)
    {
        var roots = new X509Certificate2Collection();
        if (string.IsNullOrWhiteSpace(pemOrPath))
        {
            return roots;
        }

        var pem = pemOrPath.Contains("-----BEGIN", StringComparison.Ordinal) ? pemOrPath : File.ReadAllText(pemOrPath);
        roots.ImportFromPem(pem);
        return roots;
    }
}
