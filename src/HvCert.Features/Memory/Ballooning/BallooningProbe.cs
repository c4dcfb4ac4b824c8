using HvCert.Catalog;
using HvCert.Features.Common;
using HvCert.Guests.Tools.Linux;
using HvCert.Hosts;
using HvCert.Hosts.Facets;
using HvCert.Probes;

namespace HvCert.Features.Memory.Ballooning;

/// <summary>Ballooning: the host reclaims {{balloon_reclaim_mb}} MiB through the balloon device and the guest's MemTotal or MemAvailable falls by it.</summary>
internal sealed class BallooningProbe : LinuxGuestProbe
{
    public const int Inventory = 1;
    public const int Assigned = 2;
    public const int Before = 3;
    public const int Reclaim = 4;
    public const int After = 5;
    public const int Restore = 6;

    public override string FeatureId => "memory.ballooning";

    public override Isolation Isolation => Isolation.OwnVm;

    public override IReadOnlyList<VmFault> NegativeControl { get; } = [VmFault.NoBalloonDevice];

    public override string NegativeControlNote => "the VM has no balloon device, so the host cannot reclaim guest memory";

    public override IReadOnlyDictionary<string, string> Defaults { get; } = Params(("balloon_reclaim_mb", "256"), ("memory_wait_s", "60"));

    public override IReadOnlyList<ProbeStep> Steps(BackendKind backend) =>
    [
        new GuestCommand(Inventory, SysfsDeviceInventory.Command, "devices on the guest buses with their bound drivers"),
        SettingRead.Of(Assigned, "assigned-memory", "memory the host assigned at start", ("memory.mb|memory.startup_mb", "memory_mb")),
        new GuestCommand(Before, MemoryCommands.MemInfoBefore, "guest memory before"),
        // The host reads what the VM has at this step (before_mb): the boot-time memory_mb is stale after a hot-add on this VM.
        new HostAction<IBalloonFacet>(Reclaim, "balloon-target", "host sets the balloon target {{balloon_reclaim_mb}} MiB below the memory it reads the VM has now", Facet.Balloon,
            (f, s, ct) => f.ReclaimAsync(s.Int("balloon_reclaim_mb"), ct)),
        new GuestCommand(After, MemoryCommands.MemInfoAfter, "guest memory after, waiting up to {{memory_wait_s}} s", TimeSpan.FromSeconds(120)),
        new HostAction<IBalloonFacet>(Restore, "balloon-target", "host gives the memory back", Facet.Balloon,
            (f, s, ct) => f.SetTargetAsync(s.Values.ContainsKey("before_mb") ? s.Int("before_mb") : s.Int("memory_mb"), ct)) { Optional = true },
    ];

    public override Verdict Judge(ProbeEvidence evidence) => BallooningJudge.Judge(evidence);
}
