using System.Text.RegularExpressions;

namespace HvCert.Guests.Tools.Linux;

internal sealed record VmbusChannel(int RelId, int TargetCpu);

/// <summary>One device of <c>lsvmbus -vv</c>: class GUID (lowercase, no braces), label, instance GUID, sysfs path, channels.</summary>
internal sealed record LsvmbusDevice(int Index, string ClassId, string Label, string DeviceId, string? SysfsPath, IReadOnlyList<VmbusChannel> Channels);

/// <summary>
/// <c>lsvmbus -vv</c> (tools/hv/lsvmbus): "VMBUS ID  1: Class_ID = {525074dc-…} - [Dynamic Memory]", then indented
/// "Device_ID = {…}", "Sysfs path: …", "Rel_ID=1, target_cpu=0" lines. Unknown class GUIDs keep lsvmbus's "Unknown" label.
/// </summary>
internal static partial class LsvmbusParser
{
    public static IReadOnlyList<LsvmbusDevice> Parse(string text)
    {
        var devices = new List<LsvmbusDevice>();
        (int Index, string Class, string Label)? head = null;
        string? deviceId = null, sysfs = null;
        var channels = new List<VmbusChannel>();
        void Flush()
        {
            if (head is { } h)
            {
                devices.Add(new LsvmbusDevice(h.Index, h.Class, h.Label, deviceId ?? string.Empty, sysfs, channels.ToList()));
            }

            head = null;
            deviceId = sysfs = null;
            channels.Clear();
        }

        foreach (var raw in ToolText.Lines(text))
        {
            var line = raw.Trim();
            if (Head().Match(line) is { Success: true } h)
            {
                Flush();
                head = (int.Parse(h.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture), h.Groups[2].Value.ToLowerInvariant(), h.Groups[3].Value.Trim());
            }
            else if (DeviceId().Match(line) is { Success: true } d)
            {
                deviceId = d.Groups[1].Value.ToLowerInvariant();
            }
            else if (line.StartsWith("Sysfs path:", StringComparison.Ordinal))
            {
                sysfs = line["Sysfs path:".Length..].Trim();
            }
            else
            {
                foreach (Match c in Channel().Matches(line))
                {
                    channels.Add(new VmbusChannel(int.Parse(c.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture), int.Parse(c.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture)));
                }
            }
        }

        Flush();
        return devices;
    }

    [GeneratedRegex(@"^VMBUS ID\s+(\d+): Class_ID = \{?([0-9a-fA-F-]{36})\}? - (.+)$")]
    private static partial Regex Head();

    [GeneratedRegex(@"^Device_ID = \{?([0-9a-fA-F-]{36})\}?")]
    private static partial Regex DeviceId();

    [GeneratedRegex(@"Rel_ID=(\d+), target_cpu=(\d+)")]
    private static partial Regex Channel();
}
