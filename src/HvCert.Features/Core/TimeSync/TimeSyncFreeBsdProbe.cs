using HvCert.Catalog;
using HvCert.Features.Common;
using HvCert.Hosts;
using HvCert.Hosts.Facets;
using HvCert.Probes;

namespace HvCert.Features.Core.TimeSync;

/// <summary>Time synchronization on FreeBSD: hvtimesync attached and the host's time-sync service enabled for the VM.</summary>
internal sealed class TimeSyncFreeBsdProbe : FreeBsdBindingProbe
{
    public override string FeatureId => "core.time-sync";

    public override IReadOnlyList<VmFault> NegativeControl { get; } = [VmFault.GuestClockSkewed, VmFault.NoGuestAgent];

    public override string NegativeControlNote => "the host's time service for the guest is absent, so no sync channel exists";

    protected override DeviceRole Role => DeviceRole.TimeSync;

    protected override ProbeStep HostStep(BackendKind backend) =>
        new HostAction<ITimeSyncFacet>(HostStepNumber, "time-sync-enable", "host enables time sync for the VM", Facet.TimeSync,
            (f, _, ct) => f.SetTimeSyncAsync(true, ct));
}
