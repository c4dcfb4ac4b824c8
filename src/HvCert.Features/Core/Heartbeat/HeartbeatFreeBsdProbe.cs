using HvCert.Catalog;
using HvCert.Features.Common;
using HvCert.Hosts;
using HvCert.Hosts.Facets;
using HvCert.Probes;

namespace HvCert.Features.Core.Heartbeat;

/// <summary>Heartbeat on FreeBSD: hvheartbeat attached and the host sees the heartbeat.</summary>
internal sealed class HeartbeatFreeBsdProbe : FreeBsdBindingProbe
{
    public override string FeatureId => "core.heartbeat";

    public override IReadOnlyList<VmFault> NegativeControl { get; } = [VmFault.HeartbeatStopped];

    public override string NegativeControlNote => "the guest's heartbeat responder is stopped";

    protected override DeviceRole Role => DeviceRole.Heartbeat;

    protected override ProbeStep HostStep(BackendKind backend) =>
        new HostAction<IHeartbeatFacet>(HostStepNumber, "heartbeat", "host reads the guest heartbeat", Facet.Heartbeat,
            (f, _, ct) => f.QueryHeartbeatAsync(ct));

    protected override string? HostProblem(HvCert.Evidence.HostActionDone action) =>
        action.Observation("alive") == "true" ? null : $"the host sees no heartbeat ({action.Observation("status") ?? "no status"})";
}
