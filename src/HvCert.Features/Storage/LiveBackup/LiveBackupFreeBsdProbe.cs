using HvCert.Catalog;
using HvCert.Features.Common;
using HvCert.Hosts;
using HvCert.Hosts.Facets;
using HvCert.Probes;

namespace HvCert.Features.Storage.LiveBackup;

/// <summary>Live backup on FreeBSD: hvvss attached, hv_vss_daemon running, and the host's backup checkpoint is application-consistent.</summary>
internal sealed class LiveBackupFreeBsdProbe : FreeBsdGuestProbe
{
    public const int Daemon = 3;
    public const int Backup = 4;

    public override string FeatureId => "storage.live-backup";

    public override IReadOnlyList<VmFault> NegativeControl { get; } = [VmFault.BackupAgentFrozen];

    public override string NegativeControlNote => "the guest's freeze agent is not answering, so the backup cannot be application-consistent";

    public override IReadOnlyList<ProbeStep> Steps(BackendKind backend) =>
    [
        .. FreeBsdJudging.Opening(),
        new GuestCommand(Daemon, "service hv_vss_daemon status", "the VSS daemon that freezes filesystems", MayFail: true),
        new HostAction<IBackupFacet>(Backup, "backup", "host takes a backup checkpoint", Facet.Backup, (f, _, ct) => f.BackupAsync(ct)),
    ];

    public override Verdict Judge(ProbeEvidence evidence)
    {
        if (!evidence.Bound(DeviceRole.Backup, out var detail, out var failure) || !evidence.Ran(Daemon, out var daemon, out failure, mayFail: true))
        {
            return failure;
        }

        if (daemon.ExitCode != 0)
        {
            return Verdict.NotSupported($"hv_vss_daemon is not running ({Judging.FirstLine(daemon.Stdout, daemon.Stderr)}); {detail}");
        }

        if (!evidence.HostOk(Backup, out var backup, out failure))
        {
            return failure;
        }

        return backup.Observation("consistent") == "true"
            ? Verdict.Supported($"application-consistent backup; {detail}")
            : Verdict.NotSupported($"the backup was only crash-consistent although {detail}");
    }
}
