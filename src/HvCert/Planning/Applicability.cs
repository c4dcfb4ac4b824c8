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
            return Verdict.Skipped(slot.Target.SecureBoot == false
                ? $"the matrix turns Secure Boot off for {slot.Target.Ref.Id} (secure_boot: false on the target), so its generation 2 VM boots without it."
                : "the matrix runs generation 2 without Secure Boot; set secure_boot: true on generation 2 to certify it.");
        }

        return slot.Capabilities.WhyNotAll(feature.Facets) is { } why ? Verdict.NotOffered(why) : null;
    }
}

/// <summary>Why a feature does not apply to an OS family, in words a reader of the published table understands.</summary>
internal static class OsReasons
{
    // Microsoft's "Supported FreeBSD virtual machines on Hyper-V" page has no PAE row and leaves the video device blank.
    private static readonly Dictionary<(string, OsFamily), string> Specific = new()
    {
        [("memory.pae", OsFamily.FreeBsd)] = "PAE Kernel Support does not apply to FreeBSD guests: it is a 32-bit Linux kernel variant, Microsoft's FreeBSD page has no PAE row, and FreeBSD amd64 kernels address all memory without it.",
        [("video.synthetic", OsFamily.FreeBsd)] = "The Hyper-V-specific video device does not apply to FreeBSD guests: FreeBSD has no synthetic video driver (the console uses VGA on Gen1, efifb on Gen2) and Microsoft's FreeBSD page does not list it.",
    };

    public static string Why(Feature feature, OsFamily os) =>
        Specific.TryGetValue((feature.Id, os), out var reason)
            ? reason
            : $"{feature.Name} does not apply to {Display(os)} guests (Microsoft lists it for {string.Join(" and ", feature.OsFamilies.Select(Display))} only).";

    public static string Display(OsFamily os) => os == OsFamily.FreeBsd ? "FreeBSD" : "Linux";
}
