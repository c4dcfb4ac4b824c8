using HvCert.Catalog;
using HvCert.Probes;

namespace HvCert.Planning;

/// <summary>
/// Decides, before anything boots, whether a cell can run at all. Returns the preset verdict with its reason,
/// or null when the probe must run. Order matters: the most fundamental reason wins.
/// </summary>
internal static class Applicability
{
    public static Verdict? Judge(Feature feature, Slot slot)
    {
        if (!feature.AppliesTo(slot.Generation))
        {
            var gens = string.Join(" and ", feature.Generations.Select(g => (int)g));
            var firmware = slot.Generation == Generation.Gen1 ? "BIOS" : "UEFI";
            return Verdict.NotApplicable($"{feature.Name} applies to generation {gens} VMs only; generation {(int)slot.Generation} VMs boot through {firmware}.");
        }

        if (!feature.AppliesTo(slot.Target.Ref.Os))
        {
            return Verdict.NotApplicable(OsReasons.Why(feature, slot.Target.Ref.Os));
        }

        if (slot.Host.Version is { } version && version < feature.MinHost)
        {
            return Verdict.NotApplicable($"{feature.Name} needs Windows Server {feature.MinHost.Display()} or later; this host is Windows Server {version.Display()}.");
        }

        if (feature.Facets.Contains(Facet.SecureBoot) && !slot.SecureBoot)
        {
            return Verdict.Skipped("the matrix runs generation 2 without Secure Boot; set secure_boot: true on generation 2 to certify it.");
        }

        var missing = feature.Facets.FirstOrDefault(f => !slot.Capabilities.Has(f), (Facet)(-1));
        return missing == (Facet)(-1) ? null : Verdict.NotOffered(slot.Capabilities.WhyNot(missing));
    }
}

/// <summary>Why a feature does not apply to an OS family, in words a reader of the published table understands.</summary>
internal static class OsReasons
{
    public static string Why(Feature feature, OsFamily os) =>
        $"{feature.Name} does not apply to {Display(os)} guests (Microsoft lists it for {string.Join(" and ", feature.OsFamilies.Select(Display))} only).";

    public static string Display(OsFamily os) => os == OsFamily.FreeBsd ? "FreeBSD" : "Linux";
}
