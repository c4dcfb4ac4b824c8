using HvCert.Features.Common;
using HvCert.Hosts;
using HvCert.Probes;

namespace HvCert.Features.Storage.ScsiWwn;

/// <summary>
/// SCSI WWN: the World Wide Name the host assigned, read back in the guest. On the lab that is the data disk's WWN (by-id
/// link, sysfs wwid, VPD page 0x83); on Hyper-V it is the virtual HBA's port WWN, which storvsc publishes in
/// <c>/sys/class/fc_host/hostN/port_name</c> (the feature page: "extracts WWN information from the port and node").
/// </summary>
internal sealed class ScsiWwnProbe : LinuxGuestProbe
{
    public const int Assigned = 1;
    public const int ById = 2;
    public const int Wwid = 3;
    public const int Vpd = 4;
    public const int FcPorts = 5;

    public override string FeatureId => "storage.scsi-wwn";

    public override IReadOnlyList<VmFault> NegativeControl { get; } = [VmFault.NoWwn];

    public override string NegativeControlNote => "the data disk is attached without a WWN, so there is no host-assigned name to read back";

    public override IReadOnlyList<ProbeStep> Steps(BackendKind backend) =>
    [
        SettingRead.Of(Assigned, "assigned-wwn", "the WWN the host assigned to the data disk", ("disk.wwn|fc.wwpn", "wwn")),
        new GuestCommand(ById, "ls -l /dev/disk/by-id/", "udev's persistent names, including wwn-0x… links"),
        new GuestCommand(Wwid, "grep -H . /sys/block/*/device/wwid", "the VPD-derived id the kernel reads per SCSI disk", MayFail: true),
        new GuestCommand(Vpd, $"{DataDisk.Find}; sg_inq -p 0x83 /dev/$D", "the data disk's Device Identification VPD page (sg3-utils; optional)", MayFail: true),
        new GuestCommand(FcPorts, "grep -H . /sys/class/fc_host/host*/port_name /sys/class/fc_host/host*/node_name", "the port and node WWNs storvsc publishes for a virtual HBA", MayFail: true),
    ];

    public override Verdict Judge(ProbeEvidence evidence) => ScsiWwnJudge.Judge(evidence);
}
