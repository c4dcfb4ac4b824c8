using System.Globalization;
using System.Text.RegularExpressions;

namespace HvCert.Guests.Tools.FreeBsd;

/// <summary>A driver attach line: <c>hn0: &lt;Hyper-V Network Interface&gt; on vmbus0</c>.</summary>
public sealed record DeviceAttach(string Device, string Driver, string Description, string Parent);

/// <summary>What a FreeBSD boot log (dmesg / /var/run/dmesg.boot) says about Hyper-V.</summary>
/// <param name="LegacyServices">10.x-era <c>hyperv-utilsN: Hyper-V Service attaching: Hyper-V Heartbeat Service</c> lines: unit → service.</param>
public sealed record FreeBsdBootLog(
    string? HyperVVersion,
    string? VmbusVersion,
    bool MicrosoftHypervisor,
    int? Cpus,
    IReadOnlyList<DeviceAttach> Attachments,
    IReadOnlyDictionary<string, string> LegacyServices,
    IReadOnlyList<string> Timecounters)
{
    public DeviceAttach? Attached(string driver) => Attachments.FirstOrDefault(a => a.Driver == driver);

    public bool HasLegacyService(string serviceName) =>
        LegacyServices.Values.Any(v => v.Contains(serviceName, StringComparison.OrdinalIgnoreCase));
}

/// <summary>Parses FreeBSD boot messages. Lines may be interleaved by concurrent probes, so each regex is anchored per line fragment.</summary>
public static partial class FreeBsdDmesgParser
{
    [GeneratedRegex(@"Hyper-V Version:\s*(?<v>[\d.]+(?:\s*\[[^\]]*\])?)")]
    private static partial Regex HvVersion();

    [GeneratedRegex(@"vmbus0: version (?<v>\d+\.\d+)")]
    private static partial Regex VmbusVersion();

    [GeneratedRegex(@"Multiprocessor System Detected: (?<n>\d+) CPUs")]
    private static partial Regex Smp();

    [GeneratedRegex(@"^(?<dev>(?<drv>[a-z_][a-z_-]*?)\d+)(?:: <(?<desc>[^>]+)>.*?)? on (?<parent>[a-z_]+\d+)\s*$")]
    private static partial Regex Attach();

    [GeneratedRegex(@"(?<unit>hyperv-utils\d+): Hyper-V Service attaching: (?<svc>.+)$")]
    private static partial Regex Legacy();

    [GeneratedRegex(@"^Timecounter ""(?<n>[^""]+)""")]
    private static partial Regex Timecounter();

    public static FreeBsdBootLog Parse(string text)
    {
        string? hv = null, vmbus = null;
        int? cpus = null;
        var ms = false;
        var attaches = new List<DeviceAttach>();
        var legacy = new Dictionary<string, string>();
        var counters = new List<string>();
        foreach (var raw in text.Split('\n'))
        {
            var line = raw.TrimEnd('\r').Trim();
            hv ??= Match(HvVersion(), line);
            vmbus ??= Match(VmbusVersion(), line);
            ms |= line.Contains("Origin = \"Microsoft Hv\"", StringComparison.Ordinal);
            if (Match(Smp(), line, "n") is { } n)
            {
                cpus = int.Parse(n, CultureInfo.InvariantCulture);
            }

            if (Attach().Match(line) is { Success: true } a)
            {
                attaches.Add(new DeviceAttach(a.Groups["dev"].Value, a.Groups["drv"].Value, a.Groups["desc"].Value, a.Groups["parent"].Value));
            }

            if (Legacy().Match(line) is { Success: true } l)
            {
                legacy[l.Groups["unit"].Value] = l.Groups["svc"].Value.Trim();
            }

            if (Match(Timecounter(), line, "n") is { } tc)
            {
                counters.Add(tc);
            }
        }

        return new FreeBsdBootLog(hv, vmbus, ms, cpus, attaches, legacy, counters);
    }

    private static string? Match(Regex regex, string line, string group = "v")
    {
        var m = regex.Match(line);
        return m.Success ? m.Groups[group].Value : null;
    }
}
