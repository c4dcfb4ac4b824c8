using HvCert.Hosts;

namespace HvCert.Reporting;

/// <summary>
/// Which machine each host column ran on, from the VMs' recorded placements (what each host reported about itself, not
/// what an inventory claimed). A column served by more than one machine lists them all: a reader must see it.
/// </summary>
public static class HostColumnHosts
{
    public static IReadOnlyList<(string Column, IReadOnlyList<HostPlacement> Hosts)> Of(RunResults results) =>
        results.Vms.Where(v => v.RanOn is not null && v.HostColumn.Length > 0)
            .GroupBy(v => v.HostColumn, StringComparer.Ordinal)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => (g.Key, (IReadOnlyList<HostPlacement>)g.Select(v => v.RanOn!).Distinct().ToList()))
            .ToList();

    /// <summary>"2019 on hv1 (Windows Server 2019, build 17763); 2025 on hv3 (…)", or null when no VM recorded its host.</summary>
    public static string? Sentence(RunResults results) =>
        Of(results) is { Count: > 0 } columns
            ? string.Join("; ", columns.Select(c => $"{c.Column} on {string.Join(" and ", c.Hosts)}"))
            : null;
}
