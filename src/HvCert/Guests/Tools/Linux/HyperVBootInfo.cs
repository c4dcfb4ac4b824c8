using System.Globalization;
using System.Text.RegularExpressions;

namespace HvCert.Guests.Tools.Linux;

/// <summary>What a Linux guest's kernel log says about its Hyper-V host and integration channels.</summary>
/// <param name="HostBuild">As printed: <c>20348-10.0-2-0.2762</c> or <c>10.0.22477.1022-1-0</c>.</param>
/// <param name="WindowsBuild">The Windows build number (20348), from either form.</param>
/// <param name="IcVersions">Integration component versions by name: Shutdown, TimeSync, Heartbeat, KVP, VSS, FCopy.</param>
internal sealed record HyperVBootInfo(
    bool HypervisorDetected, string? HostBuild, int? WindowsBuild, string? VmbusVersion,
    IReadOnlyDictionary<string, string> IcVersions, IReadOnlyList<string> UnknownGuids)
{
    /// <summary>Windows Server release of the host build, when it is one of the server builds.</summary>
    public string? ServerRelease => WindowsBuild switch
    {
        14393 => "2016",
        17763 => "2019",
        20348 => "2022",
        26100 => "2025",
        _ => null,
    };
}

/// <summary>
/// Parses dmesg / journal kernel lines for the Hyper-V host identity in all three printed forms:
/// two-line (<c>Hyper-V Host Build:20348-10.0-2-0.2762</c> then <c>hv_vmbus: Vmbus version:5.3</c>), one-line
/// (<c>hv_vmbus: Hyper-V Host Build:14393-10.0-0-0.576; Vmbus version:4.0</c>) and <c>Hyper-V: Host Build 10.0.22477.1022-1-0</c>.
/// </summary>
internal static partial class HyperVBootInfoParser
{
    public static HyperVBootInfo Parse(string text)
    {
        var detected = false;
        string? build = null, vmbus = null;
        var ics = new Dictionary<string, string>(StringComparer.Ordinal);
        var unknown = new List<string>();
        foreach (var line in KernelLogParser.Parse(text).Select(l => l.Message))
        {
            detected |= line.Contains("Hypervisor detected: Microsoft Hyper-V", StringComparison.Ordinal);
            if (HostBuild().Match(line) is { Success: true } b)
            {
                build ??= b.Groups[1].Value.Trim();
            }

            if (Vmbus().Match(line) is { Success: true } v)
            {
                vmbus ??= v.Groups[1].Value;
            }

            if (Ic().Match(line) is { Success: true } ic)
            {
                ics[ic.Groups[1].Value] = ic.Groups[2].Value;
            }

            if (Unknown().Match(line) is { Success: true } u)
            {
                unknown.Add(u.Groups[1].Value.ToLowerInvariant());
            }
        }

        return new HyperVBootInfo(detected || build is not null, build, WindowsBuild(build), vmbus, ics, unknown);
    }

    private static int? WindowsBuild(string? build)
    {
        if (build is null)
        {
            return null;
        }

        // "20348-10.0-2-0.2762" starts with the build; "10.0.22477.1022-1-0" carries it as the third dotted part.
        var m = DottedBuild().Match(build);
        var text = m.Success ? m.Groups[1].Value : build.Split('-')[0];
        return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : null;
    }

    [GeneratedRegex(@"Hyper-V:? Host Build[: ]\s*([^;\s]+)")]
    private static partial Regex HostBuild();

    [GeneratedRegex(@"Vmbus version:\s*(\d+\.\d+)")]
    private static partial Regex Vmbus();

    [GeneratedRegex(@"hv_utils: (\w+) IC version (\d+\.\d+)")]
    private static partial Regex Ic();

    [GeneratedRegex(@"hv_vmbus: Unknown GUID: ([0-9a-fA-F-]{36})")]
    private static partial Regex Unknown();

    [GeneratedRegex(@"^10\.0\.(\d+)\.")]
    private static partial Regex DottedBuild();
}
