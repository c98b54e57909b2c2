using Marketplace.Domain.SharedKernel;

namespace Marketplace.Domain.Catalog;

/// <summary>
/// The stored catalog of one broker connection (B4, B7): the private registration
/// (<see cref="PublicationId"/> is <c>null</c>) or one publication. A refresh replaces it as a whole
/// through <see cref="Apply"/>, which diffs by the broker's ids only (C20) and keeps entries that
/// instances still use (C27, O4); a failed refresh keeps the last good catalog (<see cref="RecordFailure"/>).
/// </summary>
public sealed class ConnectionCatalog : AggregateRoot
{
    private readonly List<ServiceOffering> _services = [];

    private ConnectionCatalog()
    {
    }

    public Guid BrokerId { get; private set; }

    /// <summary><c>null</c> for the private registration's catalog.</summary>
    public Guid? PublicationId { get; private set; }

    public IReadOnlyCollection<ServiceOffering> Services => _services.AsReadOnly();

    /// <summary>When the last refresh succeeded; <c>null</c> until one did.</summary>
    public DateTimeOffset? LastRefreshedAt { get; private set; }

    /// <summary>Why the last refresh failed; <c>null</c> when the last refresh succeeded (or none ran yet).</summary>
    public string? LastError { get; private set; }

    public DateTimeOffset? LastErrorAt { get; private set; }

    /// <summary>What the last successful refresh changed; <c>null</c> until one succeeded.</summary>
    public CatalogChange? LastChange { get; private set; }

    /// <summary>
    /// A fingerprint (SHA-256, hex) of the catalog document last applied, exactly as the broker sent it; a refresh that
    /// fetches the same bytes has nothing to diff (P3). <c>null</c> until a catalog was applied with one.
    /// </summary>
    public string? DocumentFingerprint { get; private set; }

    /// <summary>
    /// A refresh waits to run (scheduled, asked for by an owner, or after a <c>MaintenanceInfoConflict</c>): the broker
    /// work dispatcher runs it within the connection's budget. Null when none is pending.
    /// </summary>
    public DateTimeOffset? RefreshRequestedAt { get; private set; }

    /// <summary>Who asked for the pending refresh (sent as originating identity); null for scheduled ones.</summary>
    public string? RefreshRequestedBy { get; private set; }

    /// <summary>A node runs the refresh until then; a crashed node's refresh runs again afterwards.</summary>
    public DateTimeOffset? RefreshClaimedUntil { get; private set; }

    /// <summary>An empty catalog for a connection, before its first refresh.</summary>
    public static ConnectionCatalog For(Guid brokerId, Guid? publicationId)
    {
        if (brokerId == Guid.Empty)
        {
            throw new ArgumentException("A catalog belongs to a broker.", nameof(brokerId));
        }

        if (publicationId == Guid.Empty)
        {
            throw new ArgumentException("Use null for the private registration's catalog.", nameof(publicationId));
        }

        return new ConnectionCatalog { BrokerId = brokerId, PublicationId = publicationId };
    }

    public ServiceOffering? FindService(Guid serviceId) => _services.Find(s => s.Id == serviceId);

    /// <summary>A plan by the marketplace's plan id, in whichever offering it is.</summary>
    public ServicePlan? FindPlan(Guid planId) =>
        _services.Select(s => s.FindPlan(planId)).FirstOrDefault(p => p is not null);

    /// <summary>
    /// What stops <paramref name="catalog"/> from replacing this one, beyond what the parser checks:
    /// a plan id that now sits under another offering than in the stored catalog (C26). Empty when it
    /// may be applied. Use it to check a broker's catalog on save without changing anything.
    /// </summary>
    public IReadOnlyList<CatalogProblem> CheckCompatibility(BrokerCatalog catalog)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        var problems = new List<CatalogProblem>();
        var owners = new Dictionary<string, ServiceOffering>(StringComparer.Ordinal);
        foreach (var offering in _services)
        {
            foreach (var plan in offering.Plans)
            {
                owners.TryAdd(plan.BrokerPlanId, offering);
            }
        }

        for (var s = 0; s < catalog.Services.Count; s++)
        {
            var service = catalog.Services[s];
            for (var p = 0; p < service.Plans.Count; p++)
            {
                var planId = service.Plans[p].BrokerPlanId;
                if (owners.TryGetValue(planId, out var owner) && !string.Equals(owner.BrokerServiceId, service.BrokerServiceId, StringComparison.Ordinal))
                {
                    problems.Add(new CatalogProblem(
                        $"services[{s}].plans[{p}].id",
                        $"The plan id \"{planId}\" belongs to service \"{owner.BrokerServiceId}\" ({owner.Name}) and cannot move to service \"{service.BrokerServiceId}\" ({service.Name}); give the plan a new id instead."));
                }
            }
        }

        return problems;
    }

    /// <summary>
    /// Replaces the stored catalog with the broker's current one, diffing by broker ids only (C20):
    /// new offerings and plans are added, existing ones are updated in place and keep the marketplace ids,
    /// and entries gone from the broker's catalog are deleted, or kept inactive while instances use them
    /// (C27): a plan whose broker id is in <paramref name="brokerPlanIdsWithInstances"/>, and an offering
    /// with such a plan. Entries that reappear become active again.
    /// </summary>
    /// <returns>What changed; also kept as <see cref="LastChange"/>.</returns>
    /// <exception cref="InvalidCatalogException">
    /// A plan id moved to another offering (C26, see <see cref="CheckCompatibility"/>); nothing was changed,
    /// and the caller records the failure with <see cref="RecordFailure"/> or answers 422.
    /// </exception>
    /// <exception cref="ArgumentException">The catalog repeats a service or plan id (the parser never yields one that does).</exception>
    /// <param name="documentFingerprint">The fingerprint of the document <paramref name="catalog"/> was parsed from, if known.</param>
    public CatalogChange Apply(BrokerCatalog catalog, IReadOnlySet<string> brokerPlanIdsWithInstances, DateTimeOffset now, string? documentFingerprint = null)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(brokerPlanIdsWithInstances);
        EnsureUniqueIds(catalog);
        var problems = CheckCompatibility(catalog);
        if (problems.Count > 0)
        {
            throw new InvalidCatalogException(problems);
        }

        // Linear in the size of both catalogs: every lookup below is by broker id in a dictionary.
        var change = new ChangeBuilder();
        var stored = ByBrokerId(_services, o => o.BrokerServiceId);
        foreach (var incoming in catalog.Services)
        {
            if (!stored.TryGetValue(incoming.BrokerServiceId, out var offering))
            {
                offering = ServiceOffering.Create(incoming);
                _services.Add(offering);
                change.Added.Add(CatalogChange.EntryName(offering));
                change.Added.AddRange(offering.Plans.Select(p => CatalogChange.EntryName(offering, p)));
                continue;
            }

            if (offering.UpdateFrom(incoming))
            {
                change.Updated.Add(CatalogChange.EntryName(offering));
            }

            var storedPlans = ByBrokerId(offering.Plans, p => p.BrokerPlanId);
            foreach (var incomingPlan in incoming.Plans)
            {
                if (!storedPlans.TryGetValue(incomingPlan.BrokerPlanId, out var plan))
                {
                    change.Added.Add(CatalogChange.EntryName(offering, offering.AddPlan(incomingPlan)));
                }
                else if (plan.UpdateFrom(incomingPlan))
                {
                    change.Updated.Add(CatalogChange.EntryName(offering, plan));
                }
            }

            RetireMissingPlans(offering, incoming.Plans.Select(p => p.BrokerPlanId), brokerPlanIdsWithInstances, change);
        }

        var incomingServiceIds = catalog.Services.Select(s => s.BrokerServiceId).ToHashSet(StringComparer.Ordinal);
        foreach (var offering in _services.Where(o => !incomingServiceIds.Contains(o.BrokerServiceId)).ToList())
        {
            RetireMissingPlans(offering, [], brokerPlanIdsWithInstances, change);
            if (offering.Plans.Count == 0)
            {
                _services.Remove(offering);
                change.Removed.Add(CatalogChange.EntryName(offering));
            }
            else if (offering.Deactivate())
            {
                change.Deactivated.Add(CatalogChange.EntryName(offering));
            }
        }

        LastChange = change.Build();
        LastRefreshedAt = now;
        LastError = null;
        LastErrorAt = null;
        DocumentFingerprint = documentFingerprint;
        MarkChanged();
        return LastChange;
    }

    /// <summary>Whether the document last applied is the one with <paramref name="documentFingerprint"/>.</summary>
    public bool HoldsDocument(string documentFingerprint) =>
        string.Equals(DocumentFingerprint, documentFingerprint, StringComparison.Ordinal);

    /// <summary>
    /// A refresh that fetched exactly the document applied last: nothing to diff and nothing to write but the status —
    /// unless entries were kept inactive for instances (C27), which the full <see cref="Apply"/> may now remove. Needs
    /// none of the entries loaded. Answers false (and changes nothing) when the full refresh must run.
    /// </summary>
    public bool TryConfirmUnchanged(string documentFingerprint, bool hasInactiveEntries, DateTimeOffset now)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(documentFingerprint);
        if (hasInactiveEntries || !HoldsDocument(documentFingerprint))
        {
            return false;
        }

        LastChange = CatalogChange.None;
        LastRefreshedAt = now;
        LastError = null;
        LastErrorAt = null;
        MarkChanged();
        return true;
    }

    /// <summary>
    /// Records a failed refresh (unreachable broker, invalid catalog …): the last good catalog and
    /// <see cref="LastChange"/> stay as they are, so its entries are still offered.
    /// </summary>
    public void RecordFailure(string error, DateTimeOffset now)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(error);
        LastError = error;
        LastErrorAt = now;
        MarkChanged();
    }

    /// <summary>Stored entries by broker id (the first, should the store ever hold an id twice).</summary>
    private static Dictionary<string, T> ByBrokerId<T>(IEnumerable<T> entries, Func<T, string> brokerId)
    {
        var byId = new Dictionary<string, T>(StringComparer.Ordinal);
        foreach (var entry in entries)
        {
            byId.TryAdd(brokerId(entry), entry);
        }

        return byId;
    }

    private static void RetireMissingPlans(
        ServiceOffering offering, IEnumerable<string> incomingPlanIds, IReadOnlySet<string> brokerPlanIdsWithInstances, ChangeBuilder change)
    {
        var keep = incomingPlanIds.ToHashSet(StringComparer.Ordinal);
        foreach (var plan in offering.Plans.Where(p => !keep.Contains(p.BrokerPlanId)).ToList())
        {
            if (brokerPlanIdsWithInstances.Contains(plan.BrokerPlanId))
            {
                if (plan.Deactivate())
                {
                    change.Deactivated.Add(CatalogChange.EntryName(offering, plan));
                }
            }
            else
            {
                offering.RemovePlan(plan);
                change.Removed.Add(CatalogChange.EntryName(offering, plan));
            }
        }
    }

    private static void EnsureUniqueIds(BrokerCatalog catalog)
    {
        var serviceIds = catalog.Services.Select(s => s.BrokerServiceId).ToList();
        var planIds = catalog.Services.SelectMany(s => s.Plans).Select(p => p.BrokerPlanId).ToList();
        if (serviceIds.Distinct(StringComparer.Ordinal).Count() != serviceIds.Count
            || planIds.Distinct(StringComparer.Ordinal).Count() != planIds.Count)
        {
            throw new ArgumentException("Service and plan ids must be unique; parse the catalog with CatalogParser.", nameof(catalog));
        }
    }

    private sealed class ChangeBuilder
    {
        public List<string> Added { get; } = [];

        public List<string> Updated { get; } = [];

        public List<string> Deactivated { get; } = [];

        public List<string> Removed { get; } = [];

        public CatalogChange Build() => new(Added, Updated, Deactivated, Removed);
    }
}
