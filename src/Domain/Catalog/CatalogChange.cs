namespace Marketplace.Domain.Catalog;

/// <summary>
/// What one refresh changed (X2), by entry name: <c>"postgres"</c> for a service offering,
/// <c>"postgres/small"</c> for a plan (offering name / plan name, as the catalog names them after the
/// refresh; removed and deactivated entries by their last stored names). A new offering lists itself and
/// each of its plans under <see cref="Added"/>; a deleted one lists itself and its plans under <see cref="Removed"/>.
/// </summary>
/// <param name="Added">New entries, now offered.</param>
/// <param name="Updated">Entries whose values changed, including deactivated ones that reappeared (active again).</param>
/// <param name="Deactivated">Entries gone from the broker's catalog but kept inactive because instances still use them (C27).</param>
/// <param name="Removed">Entries gone from the broker's catalog and deleted, as nothing uses them.</param>
public sealed record CatalogChange(
    IReadOnlyList<string> Added,
    IReadOnlyList<string> Updated,
    IReadOnlyList<string> Deactivated,
    IReadOnlyList<string> Removed)
{
    public static CatalogChange None { get; } = new([], [], [], []);

    public int AddedCount => Added.Count;

    public int UpdatedCount => Updated.Count;

    public int DeactivatedCount => Deactivated.Count;

    public int RemovedCount => Removed.Count;

    public bool IsEmpty => AddedCount + UpdatedCount + DeactivatedCount + RemovedCount == 0;

    internal static string EntryName(ServiceOffering service) => service.Name;

    internal static string EntryName(ServiceOffering service, ServicePlan plan) => $"{service.Name}/{plan.Name}";
}
