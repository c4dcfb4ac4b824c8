using System.Text.RegularExpressions;

namespace HvCert.Guests.Tools.FreeBsd;

/// <summary>A CAM device from `camcontrol devlist`: <c>&lt;Msft Virtual Disk 1.0&gt; at scbus0 target 0 lun 0 (pass0,da0)</c>.</summary>
public sealed record CamDevice(string Inquiry, string Bus, int Target, int Lun, IReadOnlyList<string> Peripherals);

/// <summary>`camcontrol tags DEV -v`: the SIM path (e.g. <c>pass0:storvsc0:0:0:0</c>) and its counters.</summary>
public sealed record CamTags(string Sim, IReadOnlyDictionary<string, long> Values)
{
    /// <summary>The controller driver the disk hangs off, e.g. <c>storvsc</c>.</summary>
    public string? Controller => Sim.Split(':') is { Length: > 1 } parts ? parts[1].TrimEnd("0123456789".ToCharArray()) : null;
}

public static partial class CamcontrolParser
{
    [GeneratedRegex(@"^<(?<inq>[^>]*)>\s+at\s+(?<bus>scbus\d+)\s+target\s+(?<t>\d+)\s+lun\s+(?<l>[0-9a-fx]+)\s+\((?<p>[^)]*)\)")]
    private static partial Regex DevlistLine();

    [GeneratedRegex(@"^\((?<sim>[^)]+)\):\s+(?<key>\w+)\s+(?<value>-?\d+)\s*$")]
    private static partial Regex TagsLine();

    public static IReadOnlyList<CamDevice> ParseDevlist(string text) =>
        text.Split('\n')
            .Select(l => DevlistLine().Match(l.Trim()))
            .Where(m => m.Success)
            .Select(m => new CamDevice(m.Groups["inq"].Value, m.Groups["bus"].Value,
                int.Parse(m.Groups["t"].Value, System.Globalization.CultureInfo.InvariantCulture),
                ParseLun(m.Groups["l"].Value),
                m.Groups["p"].Value.Split(',', StringSplitOptions.TrimEntries)))
            .ToList();

    public static CamTags? ParseTags(string text)
    {
        string? sim = null;
        var values = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var line in text.Split('\n'))
        {
            var m = TagsLine().Match(line.Trim());
            if (m.Success)
            {
                sim ??= m.Groups["sim"].Value;
                values[m.Groups["key"].Value] = long.Parse(m.Groups["value"].Value, System.Globalization.CultureInfo.InvariantCulture);
            }
        }

        return sim is null ? null : new CamTags(sim, values);
    }

    private static int ParseLun(string lun) =>
        lun.StartsWith("0x", StringComparison.Ordinal)
            ? Convert.ToInt32(lun[2..], 16)
            : int.Parse(lun, System.Globalization.CultureInfo.InvariantCulture);
}
