using HvCert.Catalog;
using HvCert.Features.Common;
using HvCert.Hosts;
using HvCert.Hosts.Facets;
using HvCert.Probes;

namespace HvCert.Features.Networking.Lro;

/// <summary>
/// Large Receive Offload (netvsc RSC on WS2019+): on the synthetic NIC `large-receive-offload` is on and not fixed, and
/// toggles off and back. A host that does not offer receive coalescing makes the feature Not offered.
/// </summary>
internal sealed class LroProbe : LinuxGuestProbe
{
    public const int HostOffloads = 1;
    public const int Peer = 2;
    public const int Read = 3;
    public const int Toggle = 4;

    public override string FeatureId => "net.lro";

    public override IReadOnlyList<VmFault> NegativeControl { get; } = [VmFault.OffloadsDisabled];

    public override string NegativeControlNote => "the NIC is offered without receive offloads, so LRO is off [fixed]";

    public override IReadOnlyDictionary<string, string> Defaults { get; } = Params(("guest_mac", ""));

    public override IReadOnlyList<ProbeStep> Steps(BackendKind backend) =>
    [
        new HostAction<INicOffloadFacet>(HostOffloads, "nic-offloads", "offloads the host side of the NIC offers", Facet.NicOffloads, (f, _, ct) => f.DescribeOffloadsAsync(ct)) { Optional = true },
        new HostAction<INetworkPeerFacet>(Peer, "peer-link", "host prepares the peer link NIC (else the default-route NIC is used)", Facet.NetworkPeer, (f, _, ct) => f.PrepareAsync(1500, ct)) { Optional = true },
        new GuestCommand(Read, NicSelect.ByMacOrDefaultRoute + NicSelect.Identify + OffloadToggle.ReadCommand, "driver and offload flags of the NIC"),
        new GuestCommand(Toggle, NicSelect.ByMacOrDefaultRoute + OffloadToggle.ToggleCommand("lro:large-receive-offload", "rx-gro-hw:rx-gro-hw"), "toggle LRO (and hardware GRO) off and back"),
    ];

    public override Verdict Judge(ProbeEvidence evidence) => LroJudge.Judge(evidence);
}
