using HvCert.Features.Common;
using HvCert.Guests.Tools.Linux;
using HvCert.Probes;
using static HvCert.Features.Networking.Vlan.VlanProbe;

namespace HvCert.Features.Networking.Vlan;

internal static class VlanJudge
{
    public static Verdict Judge(ProbeEvidence evidence)
    {
        if (!evidence.HostOk(Prepare, out _, out var failure) || !evidence.HostOk(ConfigureVlan, out var vlan, out failure))
        {
            return failure;
        }

        var id = vlan.Observation("vlan_id") ?? evidence.Parameter("vlan_id", "100");
        var mode = vlan.Observation("mode") ?? "trunk";
        if (!evidence.Ran(GuestVlan, out var guest, out failure))
        {
            return failure;
        }

        // The VLAN rides on the NIC under test, which must be the backend's NIC (Hyper-V: hv_netvsc on VMBus).
        if (!evidence.Nic(GuestVlan, "VLAN tagging", out var nic, out failure))
        {
            return failure;
        }

        var link = IpLinkParser.Parse(guest.Stdout) is [var l, ..] ? l : null;
        if (mode != "access" && (link?.Kind != "vlan" || link.VlanId?.ToString(System.Globalization.CultureInfo.InvariantCulture) != id))
        {
            return Verdict.NotSupported($"the guest could not create an 802.1Q interface for VLAN {id} (ip -d link shows {link?.Kind ?? "nothing"} {link?.VlanId})");
        }

        if (!evidence.Ran(PingPeer, out var ping, out failure, mayFail: true))
        {
            return failure;
        }

        var summary = PingSummaryParser.Parse(ping.Stdout);
        return summary is { Received: > 0 }
            ? Verdict.Supported($"VLAN {id} ({mode}) on {nic.Describe()}: {(mode == "access" ? "host-tagged" : $"guest 802.1Q interface {link!.Name}")}, ping to {vlan.Observation("peer_ip")} {summary.Received}/{summary.Transmitted} answered")
            : Verdict.NotSupported($"VLAN {id} ({mode}) configured but the peer did not answer ({Judging.FirstLine(ping.Stdout, ping.Stderr)})");
    }
}
