using HvCert.Catalog;
using HvCert.Features.Common;
using HvCert.Hosts;
using HvCert.Hosts.Facets;
using HvCert.Probes;

namespace HvCert.Features.Networking.Vlan;

/// <summary>
/// VLAN tagging and trunking: the host carries VLAN {{vlan_id}} to the peer; in trunk mode the guest tags with an 802.1Q
/// sub-interface, in access mode the host tags for it. A ping to the peer on that VLAN must pass.
/// </summary>
internal sealed class VlanProbe : LinuxGuestProbe
{
    public const int Prepare = 1;
    public const int ConfigureVlan = 2;
    public const int GuestVlan = 3;
    public const int PingPeer = 4;
    public const int Cleanup = 5;

    private const string VlanIf = "if [ \"{{mode}}\" = access ]; then V=\"$IF\"; else V=hvv{{vlan_id}}; fi; ";

    public override string FeatureId => "net.vlan";

    public override IReadOnlyList<VmFault> NegativeControl { get; } = [VmFault.PeerVlanMismatch];

    public override string NegativeControlNote => "the peer sits on a different VLAN id, so the tagged ping cannot be answered";

    public override IReadOnlyDictionary<string, string> Defaults { get; } = Params(("vlan_id", "100"));

    public override IReadOnlyList<ProbeStep> Steps(BackendKind backend) =>
    [
        new HostAction<INetworkPeerFacet>(Prepare, "peer-link", "host prepares a peer link", Facet.NetworkPeer, (f, _, ct) => f.PrepareAsync(1500, ct)),
        new HostAction<IVlanFacet>(ConfigureVlan, "vlan", "host carries VLAN {{vlan_id}} to the peer", Facet.Vlan, (f, s, ct) => f.ConfigureVlanAsync(s.Int("vlan_id"), ct)),
        new GuestCommand(GuestVlan, NicSelect.ByMac + NicSelect.Identify + VlanIf + "modprobe 8021q 2>/dev/null; ip link set \"$IF\" up; " +
            "[ \"$V\" = \"$IF\" ] || ip link add link \"$IF\" name \"$V\" type vlan id {{vlan_id}}; ip link set \"$V\" up && " +
            "ip addr replace {{guest_ip}}/{{prefix}} dev \"$V\" && " + NicSelect.UntilUp.Replace("$IF", "$V", StringComparison.Ordinal) + " && ip -d link show dev \"$V\"", "guest VLAN interface (trunk) or plain NIC (access) with the VLAN address"),
        new GuestCommand(PingPeer, NicSelect.ByMac + VlanIf + "ping -c 3 -W 2 -I \"$V\" {{peer_ip}}", "ping the peer over the VLAN", MayFail: true),
        new GuestCommand(Cleanup, NicSelect.ByMac + VlanIf + "ip addr del {{guest_ip}}/{{prefix}} dev \"$V\"; [ \"$V\" = \"$IF\" ] || ip link del \"$V\"", "remove the VLAN interface", MayFail: true),
    ];

    public override Verdict Judge(ProbeEvidence evidence) => VlanJudge.Judge(evidence);
}
