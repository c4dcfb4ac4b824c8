using HvCert.Features.Common;
using HvCert.Guests.Tools.Linux;
using HvCert.Hosts;
using HvCert.Probes;

namespace HvCert.Features.Core.StorageDevice;

/// <summary>Hyper-V specific storage device: the synthetic storage controller the host offered is bound to its driver and serves disks.</summary>
internal sealed class StorageDeviceProbe : LinuxGuestProbe
{
    public const int Inventory = 1;
    public const int Disks = 2;

    public override string FeatureId => "core.storage-device";

    public override IReadOnlyList<VmFault> NegativeControl { get; } = [VmFault.StorageDriverBlocked];

    public override string NegativeControlNote => "the guest is booted with the synthetic data-disk controller's driver blocked (module_blacklist), so the offered controller has no driver";

    public override IReadOnlyList<ProbeStep> Steps(BackendKind backend) =>
    [
        new GuestCommand(Inventory, SysfsDeviceInventory.Command, "devices on the guest buses with their bound drivers"),
        new GuestCommand(Disks, "lsblk -d -n -P -o NAME,TYPE,SIZE,VENDOR,MODEL,HCTL", "disks the guest sees"),
    ];

    public override Verdict Judge(ProbeEvidence evidence) => StorageDeviceJudge.Judge(evidence);
}
