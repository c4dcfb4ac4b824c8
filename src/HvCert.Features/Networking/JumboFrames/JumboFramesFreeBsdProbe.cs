using HvCert.Catalog;
using HvCert.Features.Common;
using HvCert.Hosts;
using HvCert.Hosts.Facets;
using HvCert.Probes;

namespace HvCert.Features.Networking.JumboFrames;

/// <summary>
/// Jumbo frames on FreeBSD: MTU {{mtu}} on the hn interface facing the test peer, a don't-fragment ping of {{payload_bytes}}
/// bytes passes, and the same ping fails once the peer drops to MTU 1500 (proof the path enforces MTU). Microsoft notes 9126 as hn's maximum.
/// </summary>
internal sealed class JumboFramesFreeBsdProbe : FreeBsdGuestProbe
{
    public const int Prepare = 3;
    public const int Configure = 4;
    public const int PingJumbo = 5;
    public const int PeerSmall = 6;
    public const int PingSmall = 7;

    private const string Iface = "IF=$(" + FreeBsdCommands.InterfaceByMac + "); ";

    public override string FeatureId => "net.jumbo-frames";

    public override IReadOnlyList<VmFault> NegativeControl { get; } = [VmFault.PeerMtu1500];

    public override string NegativeControlNote => "the peer NIC is capped at MTU 1500, so the jumbo ping must fail";

    public override IReadOnlyDictionary<string, string> Defaults { get; } = Params(("mtu", "9000"), ("payload_bytes", "8972"));

    public override IReadOnlyList<ProbeStep> Steps(BackendKind backend) =>
    [
        .. FreeBsdJudging.Opening(),
        new HostAction<INetworkPeerFacet>(Prepare, "peer-link", "host prepares a peer link at the jumbo MTU", Facet.NetworkPeer,
            (f, s, ct) => f.PrepareAsync(s.Int("mtu"), ct)),
        new GuestCommand(Configure, Iface + "ifconfig \"$IF\" inet {{guest_ip}}/{{prefix}} mtu {{mtu}} up && ifconfig \"$IF\"", "address the peer-facing NIC at the jumbo MTU"),
        new GuestCommand(PingJumbo, "ping -D -c 3 -t 10 -s {{payload_bytes}} {{peer_ip}}", "don't-fragment jumbo ping to the peer", MayFail: true),
        new HostAction<INetworkPeerFacet>(PeerSmall, "peer-mtu-1500", "host drops the peer to MTU 1500", Facet.NetworkPeer,
            (f, _, ct) => f.SetPeerMtuAsync(1500, ct)),
        new GuestCommand(PingSmall, "ping -D -c 3 -t 10 -s {{payload_bytes}} {{peer_ip}}", "the same ping must now fail", MayFail: true),
    ];

    public override Verdict Judge(ProbeEvidence evidence)
    {
        if (!evidence.HostOk(Prepare, out _, out var failure) || !evidence.Ran(Configure, out _, out failure)
            || !evidence.Ran(PingJumbo, out var jumbo, out failure, mayFail: true))
        {
            return failure;
        }

        var mtu = evidence.ParamInt("mtu", 9000);
        var nic = evidence.Interface(Configure);
        if (DeviceIdentity.FreeBsdNicMismatch(evidence, nic?.Name, "Jumbo frames") is { } foreign)
        {
            return foreign;
        }

        if (nic?.Mtu != mtu)
        {
            return Verdict.NotSupported($"{nic?.Name ?? "the interface"} reports mtu {nic?.Mtu?.ToString() ?? "?"}, not {mtu}");
        }

        if (jumbo.ExitCode != 0)
        {
            return Verdict.NotSupported($"{evidence.ParamInt("payload_bytes", 8972)}-byte don't-fragment ping failed at MTU {mtu}: {Judging.FirstLine(jumbo.Stdout, jumbo.Stderr)}");
        }

        if (!evidence.HostOk(PeerSmall, out _, out failure) || !evidence.Ran(PingSmall, out var small, out failure, mayFail: true))
        {
            return failure;
        }

        return small.ExitCode != 0
            ? Verdict.Supported($"{nic.Name} at mtu {mtu}: jumbo ping passed, and failed once the peer was at 1500")
            : Verdict.Error("the jumbo ping still passed with the peer at MTU 1500: the test path does not enforce MTU, so it proves nothing");
    }
}
