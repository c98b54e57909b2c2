namespace Marketplace.Infrastructure.ServiceBrokers.Osb;

/// <summary>The <c>Brokers:*</c> settings for reaching brokers.</summary>
public sealed class BrokerNetworkOptions
{
    public const string Section = "Brokers";

    /// <summary>Allow endpoints on loopback, private and link-local addresses (true only in Development by default).</summary>
    public bool AllowPrivateNetworkEndpoints { get; set; }

    /// <summary>A PEM bundle of extra CAs trusted for broker connections: the PEM text itself or a file path.</summary>
    public string? AdditionalTrustedCertificates { get; set; }

    /// <summary>
    /// The largest answer taken from a broker other than its catalog (provision, bind, polls …). A larger one fails
    /// its operation as malformed — with orphan mitigation where a cut answer would leave something at the broker.
    /// </summary>
    public long MaxAnswerBytes { get; set; } = 1024 * 1024;

    /// <summary>Throws, naming the key, for values with which no broker could be called; called at start.</summary>
    public void Validate()
    {
        if (MaxAnswerBytes is < 1024 or > Domain.Catalog.CatalogLimits.MaxBufferBytes)
        {
            throw new InvalidOperationException($"{Section}:{nameof(MaxAnswerBytes)} must be between 1024 and {Domain.Catalog.CatalogLimits.MaxBufferBytes}.");
        }
    }
}
