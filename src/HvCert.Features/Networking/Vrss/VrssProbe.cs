using HvCert.Catalog;
using HvCert.Features.Common;
using HvCert.Hosts;
using HvCert.Hosts.Facets;
using HvCert.Probes;

namespace HvCert.Features.Networking.Vrss;

/// <summary>
/// vRSS: the NIC has more than one combined channel and, under multi-flow load from the peer, receive work lands on
/// more than one CPU (per-queue interrupt deltas where the NIC has per-queue IRQs, e.g. virtio; per-queue counters plus
/// VMBus channel CPUs for netvsc, whose channels share the hypervisor callback interrupt).
/// </summary>
internal sealed class VrssProbe : LinuxGuestProbe
{
    public const int Prepare = 1;
    public const int Queues = 2;
    public const int Channels = 3;
    public const int InterruptsBefore = 4;
    public const int StatsBefore = 5;
    public const int Load = 6;
    public const int InterruptsAfter = 7;
    public const int StatsAfter = 8;
    public const int Vmbus = 9;

    public override string FeatureId => "net.vrss";

    public override IReadOnlyList<VmFault> NegativeControl { get; } = [VmFault.SingleQueueNic];

    public override string NegativeControlNote => "the NIC is offered with a single queue, so there is only one channel and one receive CPU";

    public override IReadOnlyDictionary<string, string> Defaults { get; } = Params(("min_queues", "2"), ("flows", "64"));

    public override IReadOnlyList<ProbeStep> Steps(BackendKind backend) =>
    [
        new HostAction<INetworkPeerFacet>(Prepare, "peer-link", "host prepares a peer link", Facet.NetworkPeer, (f, _, ct) => f.PrepareAsync(1500, ct)),
        new HostAction<IMultiQueueNicFacet>(Queues, "nic-queues", "queues the host side of the NIC offers", Facet.MultiQueueNic, (f, _, ct) => f.DescribeQueuesAsync(ct)) { Optional = true },
        new GuestCommand(Channels, NicSelect.ByMac + "ip link set \"$IF\" up; ip addr replace {{guest_ip}}/{{prefix}} dev \"$IF\"; " +
            NicSelect.Identify + "ethtool -l \"$IF\"", "channel counts of the NIC"),
        new GuestCommand(InterruptsBefore, "cat /proc/interrupts", "interrupt counters before the load"),
        new GuestCommand(StatsBefore, NicSelect.ByMac + "ethtool -S \"$IF\"", "per-queue counters before the load", MayFail: true),
        new GuestCommand(Load, "timeout 90 bash -c 'for p in $(seq 20000 $((20000 + {{flows}} - 1))); do true 3<>/dev/tcp/{{peer_ip}}/$p; done' 2>/dev/null; ping -c 20 -i 0.05 {{peer_ip}} >/dev/null 2>&1; true",
            "{{flows}} TCP flows to the peer (each answered by SYN-ACK or RST), spread by the host over the queues", Timeout: TimeSpan.FromSeconds(120)),
        new GuestCommand(InterruptsAfter, "cat /proc/interrupts", "interrupt counters after the load"),
        new GuestCommand(StatsAfter, NicSelect.ByMac + "ethtool -S \"$IF\"", "per-queue counters after the load", MayFail: true),
        new GuestCommand(Vmbus, "lsvmbus -vv", "VMBus channels and their target CPUs (Hyper-V)", MayFail: true),
    ];

    public override Verdict Judge(ProbeEvidence evidence) => VrssJudge.Judge(evidence);
}
