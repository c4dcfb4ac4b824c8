using HvCert.Catalog;
using HvCert.Features.Common;
using HvCert.Hosts;
using HvCert.Hosts.Facets;
using HvCert.Probes;

namespace HvCert.Features.Networking.JumboFrames;

/// <summary>
/// Jumbo frames: with MTU {{mtu}} on both ends, a {{payload_bytes}}-byte ping with don't-fragment reaches the peer,
/// and the same ping fails once the peer is capped at 1500 (the in-probe control that the path really enforces MTU).
/// </summary>
internal sealed class JumboFramesProbe : LinuxGuestProbe
{
    public const int Prepare = 1;
    public const int Configure = 2;
    public const int BigPing = 3;
    public const int PeerTo1500 = 4;
    public const int BigPingAt1500 = 5;
    public const int PeerRestore = 6;
    public const int Cleanup = 7;

    public override string FeatureId => "net.jumbo-frames";

    public override IReadOnlyList<VmFault> NegativeControl { get; } = [VmFault.PeerMtu1500];

    public override string NegativeControlNote => "the peer NIC is capped at MTU 1500, so the 8972-byte don't-fragment ping cannot pass";

    public override IReadOnlyDictionary<string, string> Defaults { get; } = Params(("mtu", "9000"), ("payload_bytes", "8972"));

    private const string Ping = "ping -M do -s {{payload_bytes}} -c 3 -W 2 -I \"$IF\" {{peer_ip}}";

    public override IReadOnlyList<ProbeStep> Steps(BackendKind backend) =>
    [
        new HostAction<INetworkPeerFacet>(Prepare, "peer-link", "host prepares a peer link at MTU {{mtu}}", Facet.NetworkPeer, (f, s, ct) => f.PrepareAsync(s.Int("mtu"), ct)),
        new GuestCommand(Configure, NicSelect.ByMac + NicSelect.Identify + "ip link set dev \"$IF\" mtu {{mtu}} up && ip addr replace {{guest_ip}}/{{prefix}} dev \"$IF\" && " + NicSelect.UntilUp + " && ip -d link show dev \"$IF\"",
            "set the guest NIC on the peer link to MTU {{mtu}} with its address"),
        new GuestCommand(BigPing, NicSelect.ByMac + Ping, "don't-fragment ping of {{payload_bytes}} bytes to the peer", MayFail: true),
        new HostAction<INetworkPeerFacet>(PeerTo1500, "peer-mtu-1500", "host caps the peer at MTU 1500", Facet.NetworkPeer, (f, _, ct) => f.SetPeerMtuAsync(1500, ct)),
        new GuestCommand(BigPingAt1500, NicSelect.ByMac + Ping, "the same ping must now fail", MayFail: true),
        new HostAction<INetworkPeerFacet>(PeerRestore, "peer-mtu-restore", "host restores the peer MTU", Facet.NetworkPeer, (f, s, ct) => f.SetPeerMtuAsync(s.Int("mtu"), ct)) { Optional = true },
        new GuestCommand(Cleanup, NicSelect.ByMac + "ip addr del {{guest_ip}}/{{prefix}} dev \"$IF\"; ip link set dev \"$IF\" mtu 1500", "restore the guest NIC", MayFail: true),
    ];

    public override Verdict Judge(ProbeEvidence evidence) => JumboFramesJudge.Judge(evidence);
}
