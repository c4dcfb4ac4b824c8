using HvCert.Catalog;
using HvCert.Features.Common;
using HvCert.Guests.Tools.Linux;
using HvCert.Hosts;
using HvCert.Hosts.Facets;
using HvCert.Probes;

namespace HvCert.Features.Storage.LiveBackup;

/// <summary>
/// Live backup: the host takes an application-consistent backup of the running VM; the guest's backup agent
/// (Hyper-V hv_vss_daemon, QEMU qemu-guest-agent) freezes and thaws the file systems around it.
/// </summary>
internal sealed class LiveBackupProbe : LinuxGuestProbe
{
    public const int Inventory = 1;
    public const int Backup = 2;
    public const int Journal = 3;
    public const int Writable = 4;

    public override string FeatureId => "storage.live-backup";

    public override IReadOnlyList<VmFault> NegativeControl { get; } = [VmFault.NoGuestAgent];

    public override string NegativeControlNote => "the guest has no backup agent (QEMU: no guest agent port; Hyper-V: no VSS channel), so no application-consistent backup is possible";

    public override IReadOnlyList<ProbeStep> Steps(BackendKind backend) =>
    [
        new GuestCommand(Inventory, SysfsDeviceInventory.Command, "devices on the guest buses with their bound drivers"),
        new HostAction<IBackupFacet>(Backup, "backup", "host takes an application-consistent backup of the running VM", Facet.Backup,
            (f, _, ct) => f.BackupAsync(ct)),
        new GuestCommand(Journal, "journalctl --no-pager -o short-iso --since '-15 min' | grep -E 'VSS: op=|guest-fsfreeze|qemu-ga'",
            "the backup agent's freeze and thaw lines", MayFail: true),
        new GuestCommand(Writable, "touch /var/tmp/hvcert-thawed && rm /var/tmp/hvcert-thawed && echo writable", "the root file system is thawed again"),
    ];

    public override Verdict Judge(ProbeEvidence evidence) => LiveBackupJudge.Judge(evidence);
}
