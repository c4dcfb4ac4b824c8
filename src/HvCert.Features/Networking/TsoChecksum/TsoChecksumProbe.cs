using HvCert.Catalog;
using HvCert.Features.Common;
using HvCert.Hosts;
using HvCert.Hosts.Facets;
using HvCert.Probes;

namespace HvCert.Features.Networking.TsoChecksum;

/// <summary>
/// TCP segmentation and checksum offloads: on the synthetic NIC (driver as offered), `ethtool -k` shows TSO, TX and RX
/// checksumming and scatter-gather on, and the settable ones toggle off and back.
/// </summary>
internal sealed class TsoChecksumProbe : LinuxGuestProbe
{
    public const int HostOffloads = 1;
    public const int Peer = 2;
    public const int Read = 3;
    public const int Toggle = 4;

    public static readonly string[] Required = ["tcp-segmentation-offload", "tx-checksumming", "rx-checksumming", "scatter-gather"];

    public override string FeatureId => "net.tso-checksum";

    public override IReadOnlyList<VmFault> NegativeControl { get; } = [VmFault.OffloadsDisabled];

    public override string NegativeControlNote => "the NIC is offered without checksum/TSO offloads, so ethtool -k shows them off [fixed]";

    public override IReadOnlyDictionary<string, string> Defaults { get; } = Params(("guest_mac", ""));

    public override IReadOnlyList<ProbeStep> Steps(BackendKind backend) =>
    [
        new HostAction<INicOffloadFacet>(HostOffloads, "nic-offloads", "offloads the host side of the NIC offers", Facet.NicOffloads, (f, _, ct) => f.DescribeOffloadsAsync(ct)) { Optional = true },
        new HostAction<INetworkPeerFacet>(Peer, "peer-link", "host prepares the peer link NIC (else the default-route NIC is used)", Facet.NetworkPeer, (f, _, ct) => f.PrepareAsync(1500, ct)) { Optional = true },
        new GuestCommand(Read, NicSelect.ByMacOrDefaultRoute + NicSelect.Identify + OffloadToggle.ReadCommand, "driver and offload flags of the NIC"),
        new GuestCommand(Toggle, NicSelect.ByMacOrDefaultRoute + OffloadToggle.ToggleCommand("tso:tcp-segmentation-offload", "tx:tx-checksumming", "rx:rx-checksumming", "sg:scatter-gather"),
            "toggle each settable offload off and back"),
    ];

    public override Verdict Judge(ProbeEvidence evidence) => TsoChecksumJudge.Judge(evidence);
}
