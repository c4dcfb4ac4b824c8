using System.Text.RegularExpressions;
using HvCert.Features.Common;
using HvCert.Guests.Tools.Linux;
using HvCert.Hosts;
using HvCert.Probes;
using static HvCert.Features.Misc.Lsvmbus.LsvmbusProbe;

namespace HvCert.Features.Misc.Lsvmbus;

internal static partial class LsvmbusJudge
{
    public static Verdict Judge(ProbeEvidence evidence) =>
        evidence.Backend == BackendKind.HyperV ? JudgeVmbus(evidence) : JudgePciBus(evidence);

    private static Verdict JudgeVmbus(ProbeEvidence evidence)
    {
        var offered = evidence.OfferedDevices.Select(d => Guid.TryParse(d.Model.Trim('{', '}'), out var g) ? g.ToString("D") : null)
            .OfType<string>().Distinct().ToList();
        if (offered.Count == 0)
        {
            return Verdict.NotOffered("the host offered no VMBus devices");
        }

        var listing = evidence.Command(Listing);
        var devices = listing is { ExitCode: 0 } ? LsvmbusParser.Parse(listing.Stdout) : [];
        if (devices.Count > 0)
        {
            var missing = offered.Except(devices.Select(d => d.ClassId)).ToList();
            return missing.Count == 0
                ? Verdict.Supported($"lsvmbus -vv lists all {offered.Count} offered VMBus device classes ({devices.Count} devices, {devices.Sum(d => d.Channels.Count)} channels)")
                : Verdict.NotSupported($"lsvmbus -vv lacks offered device class(es) {string.Join(", ", missing)}");
        }

        if (!evidence.Ran(Cross, out var inventory, out var failure))
        {
            return failure;
        }

        var inSysfs = SysfsDeviceInventory.Parse(inventory.Stdout).Where(d => d.Bus == "vmbus").Select(d => d.Id).ToHashSet();
        var absent = offered.Where(g => !inSysfs.Contains(g)).ToList();
        var why = listing is null ? "did not run" : listing.ExitCode == 127 ? "is not installed" : $"failed ({Judging.FirstLine(listing.Stderr, listing.Stdout)})";
        // The feature is the command itself (as FreeBSD's judge, which says Not supported without one): a complete sysfs tree
        // is context, not the command working.
        return absent.Count == 0
            ? Verdict.NotSupported($"lsvmbus {why}, although the sysfs vmbus tree has all {offered.Count} offered device classes")
            : Verdict.NotSupported($"lsvmbus {why} and sysfs lacks offered device class(es) {string.Join(", ", absent)}");
    }

    private static Verdict JudgePciBus(ProbeEvidence evidence)
    {
        if (!evidence.Ran(Listing, out var lspci, out var failure) || !evidence.HostOk(Cross, out var host, out failure))
        {
            return failure;
        }

        var guest = LspciParser.Parse(lspci.Stdout).Select(d => d.VendorDevice).OfType<string>().Order(StringComparer.Ordinal).ToList();
        var hostIds = host.Observations.Where(o => o.Key.StartsWith("dev.", StringComparison.Ordinal))
            .Select(o => VendorDevice().Match(o.Value)).Where(m => m.Success).Select(m => m.Value.ToLowerInvariant()).Order(StringComparer.Ordinal).ToList();
        if (hostIds.Count == 0)
        {
            return Verdict.Error("the host's device list is empty");
        }

        var onlyHost = Minus(hostIds, guest);
        var onlyGuest = Minus(guest, hostIds);
        return onlyHost.Count == 0 && onlyGuest.Count == 0
            ? Verdict.Supported($"guest lspci -nn lists the same {guest.Count} PCI devices as the host's query-pci")
            : Verdict.NotSupported($"device lists differ: host only {string.Join(" ", onlyHost)}; guest only {string.Join(" ", onlyGuest)}");
    }

    private static List<string> Minus(List<string> a, List<string> b)
    {
        var rest = b.ToList();
        return a.Where(x => !rest.Remove(x)).ToList();
    }

    [GeneratedRegex(@"\b[0-9a-fA-F]{4}:[0-9a-fA-F]{4}\b")]
    private static partial Regex VendorDevice();
}
