using HvCert.Features.Common;
using HvCert.Hosts;
using HvCert.Probes;

namespace HvCert.Features.Core.StorageDevice;

/// <summary>Hyper-V storage on FreeBSD: storvsc attached to the offered SCSI/IDE channel (blkvsc on old releases).</summary>
internal sealed class StorageDeviceFreeBsdProbe : FreeBsdBindingProbe
{
    public override string FeatureId => "core.storage-device";

    public override IReadOnlyList<VmFault> NegativeControl { get; } = [];

    public override string NegativeControlNote => "none on FreeBSD: the lab cannot boot FreeBSD; an unattached storvsc channel in devinfo is the judged negative";

    protected override DeviceRole Role => DeviceRole.Storage;

    protected override ProbeStep? HostStep(BackendKind backend) => null;
}
