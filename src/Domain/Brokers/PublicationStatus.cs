namespace Marketplace.Domain.Brokers;

public enum PublicationStatus
{
    Pending,
    Approved,
    Rejected,
}
