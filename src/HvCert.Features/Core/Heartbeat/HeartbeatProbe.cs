using HvCert.Catalog;
using HvCert.Features.Common;
using HvCert.Guests.Tools.Linux;
using HvCert.Hosts;
using HvCert.Hosts.Facets;
using HvCert.Probes;

namespace HvCert.Features.Core.Heartbeat;

/// <summary>Heartbeat: the host sees the guest's heartbeat (Hyper-V Heartbeat IC, QEMU guest-agent ping) and the channel device is bound.</summary>
internal sealed class HeartbeatProbe : LinuxGuestProbe
{
    public const int Inventory = 1;
    public const int Query = 2;

    public override string FeatureId => "core.heartbeat";

    public override IReadOnlyList<VmFault> NegativeControl { get; } = [VmFault.HeartbeatStopped];

    public override string NegativeControlNote => "the guest's heartbeat responder is stopped (QEMU: guest agent not running), so the host sees no heartbeat";

    public override IReadOnlyList<ProbeStep> Steps(BackendKind backend) =>
    [
        new GuestCommand(Inventory, SysfsDeviceInventory.Command, "devices on the guest buses with their bound drivers"),
        new HostAction<IHeartbeatFacet>(Query, "heartbeat", "host reads the guest heartbeat", Facet.Heartbeat,
            (f, _, ct) => f.QueryHeartbeatAsync(ct)),
    ];

    public override Verdict Judge(ProbeEvidence evidence) => HeartbeatJudge.Judge(evidence);
}
