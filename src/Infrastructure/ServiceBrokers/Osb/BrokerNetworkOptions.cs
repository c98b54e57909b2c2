namespace Marketplace.Infrastructure.ServiceBrokers.Osb;

/// <summary>The <c>Brokers:*</c> settings for reaching brokers.</summary>
public sealed class BrokerNetworkOptions
{
    public const string Section = "Brokers";

    /// <summary>Allow endpoints on loopback, private and link-local addresses (true only in Development by default).</summary>
    public bool AllowPrivateNetworkEndpoints { get; set; }

    /// <summary>A PEM bundle of extra CAs trusted for broker connections: the PEM text itself or a file path.</summary>
    public string? AdditionalTrustedCertificates { get; set; }
}
