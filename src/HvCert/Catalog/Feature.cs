namespace HvCert.Catalog;

/// <summary>One row of the Feature Descriptions page.</summary>
/// <param name="Id">Stable id used in suites and reports, e.g. <c>net.jumbo-frames</c>.</param>
/// <param name="Name">The page's exact feature name.</param>
/// <param name="Aliases">Other spellings of the same row on Microsoft's per-distro pages.</param>
/// <param name="MinHost">Oldest Hyper-V host that offers the feature.</param>
/// <param name="Destructive">The probe shuts down, panics, migrates or resizes, so it cannot share a VM freely.</param>
/// <param name="Facets">Host-side capabilities the probe drives.</param>
public sealed record Feature(
    string Id,
    FeatureGroup Group,
    string Name,
    IReadOnlyList<string> Aliases,
    HostVersion MinHost,
    IReadOnlyList<Generation> Generations,
    IReadOnlyList<OsFamily> OsFamilies,
    bool Destructive,
    IReadOnlyList<Facet> Facets)
{
    /// <summary>The probe leaves no VM behind (a clean shutdown), so planners order it after every other probe of its VM.</summary>
    public bool EndsVm { get; init; }

    /// <summary>
    /// The probe rebuilds the VM elsewhere from its original configuration (live migration), so it must run before any
    /// probe that hot-plugs a CPU or memory: a snapshot revert restores the guest but keeps the hot-plugged device.
    /// </summary>
    public bool NeedsOriginalDevices { get; init; }

    /// <summary>
    /// The probe hot-plugs a device (a vCPU, a DIMM) that a snapshot revert does not take away: QEMU's device set keeps
    /// it while the guest forgets it, so a later balloon target or migration would be computed on the wrong size.
    /// </summary>
    public bool HotPlugsDevices { get; init; }

    /// <summary>
    /// The order of a VM's isolated probes: the one that needs the original device set first, then the ordinary ones,
    /// then those that hot-plug devices, and the one that ends the VM last.
    /// </summary>
    public int IsolatedOrder => NeedsOriginalDevices ? 0 : EndsVm ? 3 : HotPlugsDevices ? 2 : 1;

    public bool AppliesTo(Generation generation) => Generations.Contains(generation);

    public bool AppliesTo(OsFamily os) => OsFamilies.Contains(os);

    /// <summary>True when <paramref name="rowName"/> is the page name or one of its aliases, ignoring case, spaces and hyphens.</summary>
    public bool IsNamed(string rowName)
    {
        var key = FeatureNames.Normalize(rowName);
        return FeatureNames.Normalize(Name) == key || Aliases.Any(a => FeatureNames.Normalize(a) == key);
    }
}

public static class FeatureNames
{
    public static string Normalize(string name) =>
        new(name.Where(char.IsLetterOrDigit).Select(char.ToLowerInvariant).ToArray());
}
