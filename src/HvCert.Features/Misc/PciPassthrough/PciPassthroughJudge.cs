using System.Text.RegularExpressions;
using HvCert.Features.Common;
using HvCert.Guests.Tools.Linux;
using HvCert.Hosts;
using HvCert.Probes;
using static HvCert.Features.Misc.PciPassthrough.PciPassthroughProbe;

namespace HvCert.Features.Misc.PciPassthrough;

internal static partial class PciPassthroughJudge
{
    public static Verdict Judge(ProbeEvidence evidence)
    {
        if (!evidence.HostOk(Assign, out var assign, out var failure) || !evidence.Ran(Devices, out var lspci, out failure))
        {
            return failure;
        }

        var devices = LspciParser.Parse(lspci.Stdout);
        // The device the host assigned, by vendor:device: the lab names it so; Hyper-V's "pci" is a location path, and its PnP id
        // (device_id, "…VEN_15B3&DEV_1015…") carries the ids. Without them any pass-through device would do, even a foreign one
        // (an SR-IOV VF also sits on its own non-zero domain).
        var wanted = assign.Observation("pci") is { } p && VendorDevice().Match(p) is { Success: true } m ? m.Value.ToLowerInvariant()
            : assign.Observation("device_id") is { } id && PnpIds().Match(id) is { Success: true } pnp ? $"{pnp.Groups[1].Value}:{pnp.Groups[2].Value}".ToLowerInvariant() : null;
        IEnumerable<PciDevice> candidates = devices;
        if (evidence.Backend == BackendKind.HyperV)
        {
            // DDA devices sit behind a pci-hyperv bridge, one PCI domain per device, named in the kernel log.
            var domains = evidence.Command(KernelLog) is { } k ? KernelLogEvents.HvPciDomains(KernelLogParser.Parse(k.Stdout)) : [];
            candidates = devices.Where(d => d.Domain != "0000" && (domains.Count == 0 || domains.Contains(d.Domain)));
        }

        var device = candidates.FirstOrDefault(d => wanted is null || d.VendorDevice == wanted);
        if (device is null)
        {
            return Verdict.NotSupported($"the host assigned {assign.Observation("pci") ?? "a device"} but the guest's lspci does not show it{(evidence.Backend == BackendKind.HyperV ? " on a pass-through (non-zero) PCI domain" : string.Empty)}");
        }

        var what = $"{device.Address} [{device.VendorDevice ?? "?"}] {Judging.Clip(device.Description, 50)}";
        return device.Driver is { } driver
            ? Verdict.Supported($"{what} bound to {driver}")
            : Verdict.NotSupported($"{what} is visible but no driver is bound to it");
    }

    [GeneratedRegex(@"\b[0-9a-fA-F]{4}:[0-9a-fA-F]{4}\b")]
    private static partial Regex VendorDevice();

    [GeneratedRegex(@"VEN_([0-9A-Fa-f]{4})&DEV_([0-9A-Fa-f]{4})")]
    private static partial Regex PnpIds();
}
