using HvCert.Features.Common;
using HvCert.Guests.Tools.Linux;
using HvCert.Hosts;
using HvCert.Probes;
using static HvCert.Features.Storage.FibreChannel.FibreChannelProbe;

namespace HvCert.Features.Storage.FibreChannel;

internal static class FibreChannelJudge
{
    public static Verdict Judge(ProbeEvidence evidence)
    {
        if (!evidence.HostOk(Hba, out var hba, out var failure))
        {
            return failure;
        }

        // Hyper-V gives each virtual HBA two WWPN sets (A/B) for live migration; either may be the active one.
        var wwpns = (hba.Observation("wwpn") ?? string.Empty).Split(',', ';', ' ').Select(ToolText.HexDigits).Where(w => w.Length == 16).ToList();
        if (wwpns.Count == 0)
        {
            return Verdict.Error($"the host reported no WWPN for the virtual HBA (wwpn={hba.Observation("wwpn") ?? "missing"})");
        }

        if (!evidence.BoundDevice(Inventory, DeviceRole.FibreChannel, out _, out failure, mayBeUnoffered: true))
        {
            return failure;
        }

        var hosts = evidence.Command(FcHosts) is { } c ? FcHostParser.Parse(c.Stdout) : [];
        var port = hosts.FirstOrDefault(h => h.PortName is { } p && wwpns.Contains(p));
        if (port is null)
        {
            return Verdict.NotSupported(hosts.Count == 0
                ? "the host assigned a virtual HBA but the guest has no fc_host"
                : $"no guest fc_host has the host's WWPN (guest: {string.Join(", ", hosts.Select(h => h.PortName))}; host: {string.Join(", ", wwpns)})");
        }

        return port.PortState == "Online"
            ? Verdict.Supported($"{port.Host} port_name 0x{port.PortName} matches the host's WWPN and is Online")
            : Verdict.Caveat($"{port.Host} carries the host's WWPN 0x{port.PortName} but its port is {port.PortState ?? "in an unknown state"}");
    }
}
