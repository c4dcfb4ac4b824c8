using HvCert.Catalog;

namespace HvCert.Hosts;

/// <summary>The facets a backend offers, and for each one it lacks, the reason (shown as "not offered by this backend").</summary>
public sealed record BackendCapabilities(
    BackendKind Backend,
    IReadOnlySet<Facet> Offered,
    IReadOnlyDictionary<Facet, string> NotOfferedReasons,
    IReadOnlySet<VmFault> ExpressibleFaults)
{
    public bool Has(Facet facet) => Offered.Contains(facet);

    public string WhyNot(Facet facet) =>
        NotOfferedReasons.TryGetValue(facet, out var reason) ? reason : $"the {Backend} backend does not offer {facet}";

    /// <summary>Why the first of <paramref name="facets"/> this backend lacks is not offered, or null when it offers them all.</summary>
    public string? WhyNotAll(IEnumerable<Facet> facets) =>
        facets.Where(f => !Has(f)).Select(WhyNot).FirstOrDefault();

    /// <summary>For tests and planning without a host: everything offered.</summary>
    public static BackendCapabilities Everything(BackendKind backend) =>
        new(backend, Enum.GetValues<Facet>().ToHashSet(), new Dictionary<Facet, string>(), Enum.GetValues<VmFault>().ToHashSet());
}
