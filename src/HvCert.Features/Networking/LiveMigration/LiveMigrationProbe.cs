using HvCert.Catalog;
using HvCert.Features.Common;
using HvCert.Hosts;
using HvCert.Hosts.Facets;
using HvCert.Probes;

namespace HvCert.Features.Networking.LiveMigration;

/// <summary>
/// Live migration: the running guest moves (Hyper-V live migration, QEMU migrate to a second process) and comes out the
/// same boot (same boot_id, uptime continues) with bounded loss of a ping running across the move.
/// </summary>
internal sealed class LiveMigrationProbe : LinuxGuestProbe
{
    public const int Before = 1;
    public const int StartPing = 2;
    public const int Migrate = 3;
    public const int Reconnect = 4;
    public const int PingResult = 5;
    public const int After = 6;

    public const string BootState = "cat /proc/sys/kernel/random/boot_id; cut -d' ' -f1 /proc/uptime";

    public override string FeatureId => "net.live-migration";

    public override Isolation Isolation => Isolation.OwnVm;

    public override IReadOnlyList<VmFault> NegativeControl { get; } = [VmFault.MigrationTargetRefuses];

    public override string NegativeControlNote => "the migration target refuses the incoming VM, so the move fails";

    /// <summary>
    /// The ping runs from before the migration until {{settle_after_s}} s after the guest is reached again, and at least
    /// {{min_window_s}} s in all (at most {{migration_window_s}} s): loss is counted over the whole move. The minimum keeps a
    /// downtime within QEMU's default limit (300 ms) far under the 10 % bar (3 s would be the least); it replaced a fixed
    /// 40 s window that the probe waited out after every migration.
    /// </summary>
    public override IReadOnlyDictionary<string, string> Defaults { get; } =
        Params(("migration_window_s", "40"), ("min_window_s", "10"), ("settle_after_s", "2"), ("max_loss_percent", "10"));

    public override IReadOnlyList<ProbeStep> Steps(BackendKind backend) =>
    [
        new GuestCommand(Before, BootState, "boot id and uptime before"),
        new GuestCommand(StartPing, "GW=$(ip route show default | awk '{print $3; exit}'); [ -n \"$GW\" ] || { echo 'no default gateway' >&2; exit 3; }; " +
            "rm -f /tmp/hvcert-mig.txt; date +%s > /tmp/hvcert-mig.start; nohup ping -i 0.2 -w {{migration_window_s}} \"$GW\" </dev/null >/tmp/hvcert-mig.txt 2>&1 & echo \"$GW\"",
            "ping the gateway every 200 ms across the migration"),
        new HostAction<ILiveMigrationFacet>(Migrate, "migrate", "host live-migrates the VM", Facet.LiveMigration, (f, _, ct) => f.MigrateAsync(ct)),
        new ReconnectGuest(Reconnect, "reach the guest at its new place", TimeSpan.FromSeconds(120)),
        new GuestCommand(PingResult, "S=$(cat /tmp/hvcert-mig.start); sleep {{settle_after_s}}; " +
            "while [ $(( $(date +%s) - S )) -lt {{min_window_s}} ] && pgrep -x ping >/dev/null; do sleep 0.5; done; " +
            "pkill -INT -x ping; while pgrep -x ping >/dev/null; do sleep 0.2; done; tail -n 4 /tmp/hvcert-mig.txt; rm -f /tmp/hvcert-mig.txt /tmp/hvcert-mig.start",
            "loss of the ping that ran across the migration", Timeout: TimeSpan.FromSeconds(120)),
        new GuestCommand(After, BootState, "boot id and uptime after"),
    ];

    public override Verdict Judge(ProbeEvidence evidence) => LiveMigrationJudge.Judge(evidence);
}
