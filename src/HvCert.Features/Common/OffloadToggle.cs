using HvCert.Guests.Tools.Linux;

namespace HvCert.Features.Common;

/// <summary>One offload as the toggle script reports it: fixed (not settable), or its value before, after "off", after restore.</summary>
internal sealed record OffloadToggleResult(string Feature, bool Fixed, string Original, string? WhenOff, string? Restored)
{
    public bool RoundTrips => Fixed || (WhenOff == "off" && Restored == Original);
}

/// <summary>
/// Reads the offload flags of the NIC a probe works on and toggles the settable ones off and back (ethtool -K),
/// printing one line per feature: <c>name fixed on</c> or <c>name toggled on off on</c>.
/// </summary>
internal static class OffloadToggle
{
    /// <summary>Driver and feature flags of $IF, in `== driver` / `== features` sections.</summary>
    public const string ReadCommand = "echo \"== driver $IF\"; ethtool -i \"$IF\"; echo '== features'; ethtool -k \"$IF\"";

    /// <summary>Toggle script for short:long feature pairs, e.g. <c>tso:tcp-segmentation-offload</c>.</summary>
    public static string ToggleCommand(params string[] pairs) =>
        "st() { ethtool -k \"$IF\" | awk -v k=\"$1:\" '$1==k {print $2}'; }; for p in " + string.Join(' ', pairs) + "; do s=${p%%:*}; l=${p#*:}; cur=$(st \"$l\"); " +
        "if ethtool -k \"$IF\" | grep -q \"^$l: .*\\[fixed\\]\"; then echo \"$l fixed $cur\"; continue; fi; " +
        "ethtool -K \"$IF\" \"$s\" off 2>/dev/null; a=$(st \"$l\"); ethtool -K \"$IF\" \"$s\" \"$cur\" 2>/dev/null; b=$(st \"$l\"); echo \"$l toggled $cur $a $b\"; done";

    public static IReadOnlyList<OffloadToggleResult> ParseToggles(string text) =>
        text.Split('\n').Select(l => l.Trim().Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Where(f => f.Length >= 3 && f[1] is "fixed" or "toggled")
            .Select(f => new OffloadToggleResult(f[0], f[1] == "fixed", f[2], f.Length > 3 ? f[3] : null, f.Length > 4 ? f[4] : null))
            .ToList();

    /// <summary>Splits <see cref="ReadCommand"/> output into the driver info and the feature flags.</summary>
    public static (EthtoolDriverInfo Driver, IReadOnlyDictionary<string, EthtoolFeature> Features) ParseRead(string text)
    {
        var sections = KeyValueLines.Sections(text);
        var driver = sections.FirstOrDefault(s => s.Name.StartsWith("driver", StringComparison.Ordinal));
        var features = sections.FirstOrDefault(s => s.Name == "features");
        var name = driver.Name?.Split(' ') is [_, var n, ..] ? n : "?";
        return (EthtoolDriverInfo.Parse(name, driver.Body ?? ""), EthtoolFeatures.Parse(features.Body ?? ""));
    }
}
