using System.Text.RegularExpressions;

namespace HvCert.Guests.Tools.Linux;

/// <summary>One <c>lspci -nn -k</c> device. <paramref name="Domain"/> is "0000" unless printed (-D) or non-zero (Hyper-V vPCI prints e.g. "5582:00:02.0").</summary>
internal sealed record PciDevice(string Domain, string Slot, string ClassName, string ClassCode, string Description, string? VendorDevice, string? Driver, IReadOnlyList<string> Modules)
{
    public string Address => $"{Domain}:{Slot}";
}

/// <summary>
/// <c>lspci -nn -k [-D]</c>: "00:03.0 Ethernet controller [0200]: Red Hat, Inc. Virtio network device [1af4:1000]" followed by
/// tab-indented "Subsystem:", "Kernel driver in use:" and "Kernel modules:" lines. Plain <c>lspci</c> lines parse too (no codes).
/// </summary>
internal static partial class LspciParser
{
    public static IReadOnlyList<PciDevice> Parse(string text)
    {
        var devices = new List<PciDevice>();
        PciDevice? current = null;
        foreach (var raw in ToolText.Lines(text))
        {
            if (Device().Match(raw) is { Success: true } m)
            {
                if (current is not null)
                {
                    devices.Add(current);
                }

                var domain = m.Groups["dom"].Success ? m.Groups["dom"].Value.ToLowerInvariant() : "0000";
                var rest = m.Groups["rest"].Value;
                var ids = VendorDevice().Match(rest);
                current = new PciDevice(domain, m.Groups["slot"].Value.ToLowerInvariant(), m.Groups["cls"].Value.Trim(),
                    m.Groups["code"].Value, ids.Success ? rest[..ids.Index].Trim() : rest.Trim(),
                    ids.Success ? ids.Groups[1].Value.ToLowerInvariant() : null, null, []);
            }
            else if (current is not null && raw.Trim() is var line)
            {
                if (line.StartsWith("Kernel driver in use:", StringComparison.Ordinal))
                {
                    current = current with { Driver = line["Kernel driver in use:".Length..].Trim() };
                }
                else if (line.StartsWith("Kernel modules:", StringComparison.Ordinal))
                {
                    current = current with { Modules = line["Kernel modules:".Length..].Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries) };
                }
            }
        }

        if (current is not null)
        {
            devices.Add(current);
        }

        return devices;
    }

    [GeneratedRegex(@"^(?:(?<dom>[0-9a-fA-F]{4,8}):)?(?<slot>[0-9a-fA-F]{2}:[0-9a-fA-F]{2}\.[0-7]) (?<cls>[^:\[]+?)(?: \[(?<code>[0-9a-fA-F]{4})\])?: (?<rest>.+)$")]
    private static partial Regex Device();

    [GeneratedRegex(@"\[([0-9a-fA-F]{4}:[0-9a-fA-F]{4})\](?:\s*\(rev [0-9a-fA-F]+\))?\s*(?:\(prog-if.*)?$")]
    private static partial Regex VendorDevice();
}
