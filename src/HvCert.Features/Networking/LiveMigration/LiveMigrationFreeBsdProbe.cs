using HvCert.Catalog;
using HvCert.Features.Common;
using HvCert.Hosts;
using HvCert.Hosts.Facets;
using HvCert.Probes;

namespace HvCert.Features.Networking.LiveMigration;

/// <summary>Live migration on FreeBSD: the same boot (kern.boottime) answers before and after the host moves the VM.</summary>
internal sealed class LiveMigrationFreeBsdProbe : FreeBsdGuestProbe
{
    public const int BootBefore = 3;
    public const int Migrate = 4;
    public const int BootAfter = 5;

    public override string FeatureId => "net.live-migration";

    public override Isolation Isolation => Isolation.OwnVm;

    public override IReadOnlyList<VmFault> NegativeControl { get; } = [VmFault.MigrationTargetRefuses];

    public override string NegativeControlNote => "the migration target refuses the VM, so the move must be reported as failed";

    public override IReadOnlyList<ProbeStep> Steps(BackendKind backend) =>
    [
        .. FreeBsdJudging.Opening(),
        new GuestCommand(BootBefore, "sysctl -n kern.boottime", "boot time before the move"),
        new HostAction<ILiveMigrationFacet>(Migrate, "migrate", "host live-migrates the VM", Facet.LiveMigration, (f, _, ct) => f.MigrateAsync(ct)),
        new GuestCommand(BootAfter, "sysctl -n kern.boottime", "boot time after the move"),
    ];

    public override Verdict Judge(ProbeEvidence evidence)
    {
        if (!evidence.Ran(BootBefore, out var before, out var failure) || !evidence.HostOk(Migrate, out var move, out failure)
            || !evidence.Ran(BootAfter, out var after, out failure))
        {
            return failure;
        }

        var downtime = move.Observation("downtime_ms") is { } ms ? $", downtime {ms} ms" : "";
        return before.Stdout.Trim() == after.Stdout.Trim() && before.Stdout.Trim().Length > 0
            ? Verdict.Supported($"same boot after migration to {move.Observation("destination") ?? "the destination"}{downtime}")
            : Verdict.NotSupported($"kern.boottime changed across the migration ('{Judging.Clip(before.Stdout, 50)}' → '{Judging.Clip(after.Stdout, 50)}'): the guest rebooted");
    }
}
