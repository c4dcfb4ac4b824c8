using System.Text.RegularExpressions;

namespace HvCert.Guests.Tools.Linux;

internal sealed record CapacityChange(string Device, long? FromSectors, long? ToSectors);

internal sealed record NmiReport(string Reason, int Cpu, bool Panicked);

/// <summary>Feature-specific kernel log lines (storage capacity, hv_balloon, NMI, hv_pci, hv_sock, EFI), each a pure filter over <see cref="KernelLogParser"/> lines.</summary>
internal static partial class KernelLogEvents
{
    /// <summary>"sdb: detected capacity change from 2097152 to 2228224" (5.x+; older "detected capacity change from A to B" with bytes), plus "sd 0:0:0:1: Capacity data has changed".</summary>
    public static IReadOnlyList<CapacityChange> CapacityChanges(IEnumerable<KernelLogLine> lines)
    {
        var changes = new List<CapacityChange>();
        foreach (var line in lines)
        {
            var m = Capacity().Match(line.Message);
            if (m.Success)
            {
                changes.Add(new CapacityChange(m.Groups["dev"].Value, ToolText.Long(m.Groups["from"].Value), ToolText.Long(m.Groups["to"].Value)));
                continue;
            }

            var s = CapacityData().Match(line.Message);
            if (s.Success)
            {
                changes.Add(new CapacityChange(s.Groups[1].Value, null, null));
            }
        }

        return changes;
    }

    /// <summary>"Uhhuh. NMI received for unknown reason 30 on CPU 0." and "Kernel panic - not syncing: NMI…".</summary>
    public static IReadOnlyList<NmiReport> NmiReports(IEnumerable<KernelLogLine> lines)
    {
        var list = lines.ToList();
        var panicked = list.Any(l => l.Message.Contains("Kernel panic - not syncing: NMI", StringComparison.Ordinal));
        return list.Select(l => UnknownNmi().Match(l.Message)).Where(m => m.Success)
            .Select(m => new NmiReport(m.Groups[1].Value, int.Parse(m.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture), panicked))
            .ToList();
    }

    /// <summary>hv_balloon lines: "Using Dynamic Memory protocol version 2.0", "Max. dynamic memory size: 2048 MB", "Memory hot add failed", ….</summary>
    public static IReadOnlyList<string> Balloon(IEnumerable<KernelLogLine> lines) =>
        lines.Where(l => l.Message.StartsWith("hv_balloon", StringComparison.Ordinal)).Select(l => l.Message).ToList();

    public static string? BalloonProtocol(IEnumerable<KernelLogLine> lines) =>
        lines.Select(l => BalloonVersion().Match(l.Message)).FirstOrDefault(m => m.Success)?.Groups[1].Value;

    /// <summary>"hv_pci 3639165c-…: PCI host bridge to bus b4f9:00" → the PCI domain (b4f9) of each VMBus PCI pass-through bridge.</summary>
    public static IReadOnlyList<string> HvPciDomains(IEnumerable<KernelLogLine> lines) =>
        lines.Select(l => HvPciBridge().Match(l.Message)).Where(m => m.Success).Select(m => m.Groups[1].Value.ToLowerInvariant()).ToList();

    /// <summary>True when the log shows the hv_sock transport registered ("hv_vmbus: registering driver hv_sock").</summary>
    public static bool HvSockRegistered(IEnumerable<KernelLogLine> lines) =>
        lines.Any(l => l.Message.Contains("registering driver hv_sock", StringComparison.Ordinal));

    /// <summary>"NET: Registered PF_VSOCK protocol family" (5.x+) or "NET: Registered protocol family 40" (older).</summary>
    public static bool VsockFamilyRegistered(IEnumerable<KernelLogLine> lines) =>
        lines.Any(l => l.Message.Contains("Registered PF_VSOCK protocol family", StringComparison.Ordinal)
            || l.Message.Contains("Registered protocol family 40", StringComparison.Ordinal));

    /// <summary>"efi: EFI v2.70 by EDK II" / "efi: EFI v2.7 by Microsoft" → the firmware vendor string.</summary>
    public static string? EfiFirmware(IEnumerable<KernelLogLine> lines) =>
        lines.Select(l => EfiBanner().Match(l.Message)).FirstOrDefault(m => m.Success)?.Groups[1].Value.Trim();

    /// <summary>"secureboot: Secure boot enabled" / "Secure boot disabled" (x86 setup code); null when not logged.</summary>
    public static bool? SecureBootLogged(IEnumerable<KernelLogLine> lines)
    {
        foreach (var l in lines)
        {
            if (l.Message.Contains("Secure boot enabled", StringComparison.Ordinal))
            {
                return true;
            }

            if (l.Message.Contains("Secure boot disabled", StringComparison.Ordinal))
            {
                return false;
            }
        }

        return null;
    }

    [GeneratedRegex(@"^(?<dev>[a-z]+\d*): detected capacity change from (?<from>\d+) to (?<to>\d+)")]
    private static partial Regex Capacity();

    [GeneratedRegex(@"^sd (\d+:\d+:\d+:\d+): Capacity data has changed")]
    private static partial Regex CapacityData();

    [GeneratedRegex(@"NMI received for unknown reason ([0-9a-fA-F]+) on CPU (\d+)")]
    private static partial Regex UnknownNmi();

    [GeneratedRegex(@"hv_balloon: Using Dynamic Memory protocol version (\d+\.\d+)")]
    private static partial Regex BalloonVersion();

    [GeneratedRegex(@"^hv_pci [0-9a-fA-F-]+: PCI host bridge to bus ([0-9a-fA-F]{4}):")]
    private static partial Regex HvPciBridge();

    [GeneratedRegex(@"^efi: EFI v[\d.]+ by (.+)$")]
    private static partial Regex EfiBanner();
}
