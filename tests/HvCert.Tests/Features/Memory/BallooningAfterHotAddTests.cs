using HvCert.Features.Memory.Ballooning;
using HvCert.Probes;

namespace HvCert.Tests.Features.Memory;

/// <summary>
/// Issue #14: ballooning's "asked" is what the host read at the balloon step itself (before_mb), not the boot-time memory_mb,
/// which an earlier hot-add on the same VM made stale. The guest side is one real lab sequence on one Gen1 VM (boot 1024 MiB,
/// virtio-mem resize, then a pc-dimm hot-add, then the balloon): MemTotal 1703612 kB before the balloon, 1441468 kB after.
/// </summary>
public sealed class BallooningAfterHotAddTests
{
    private static FeatbEvidence AfterHotAdd(string beforeMb, string targetMb) =>
        FeatbEvidence.Qemu("memory.ballooning").Sample(BallooningProbe.Inventory, "sysfs-inventory", "lab-debian12-gen1")
            .Host(BallooningProbe.Assigned, true, ("memory_mb", "1024"))
            .Sample(BallooningProbe.Before, "proc-meminfo", "lab-debian12-gen1-before-balloon")
            .Host(BallooningProbe.Reclaim, true, ("before_mb", beforeMb), ("target_mb", targetMb), ("actual_mb", targetMb))
            .Sample(BallooningProbe.After, "proc-meminfo", "lab-debian12-gen1-after-balloon");

    [Fact]
    public void HotAddThenBalloon_AskedFromWhatTheHostReadAtTheBalloonStep_Supported()
    {
        // The host read 1792 MiB at the balloon step and set the target 256 below it; MemTotal fell by 256 MiB.
        var v = AfterHotAdd("1792", "1536").Judge();

        Assert.Equal(VerdictKind.Supported, v.Kind);
        Assert.Contains("MemTotal −256 MiB", v.Reason);
        Assert.Contains("for 256 MiB the host asked back", v.Reason);
    }

    [Fact]
    public void HotAddThenBalloon_TargetFromTheStaleBootSize_AskedIsWhatTheHostReallyReclaimed_NotSupported()
    {
        // The old probe set the target from the boot-time 1024 MiB (1024 − 256 = 768) on a VM that had 1792: the host asked
        // 1024 MiB back. Judged against the boot size (1024 − 768 = 256) the same 256 MiB drop read as Supported.
        var v = AfterHotAdd("1792", "768").Judge();

        Assert.Equal(VerdictKind.NotSupported, v.Kind);
        Assert.Contains("for 1024 MiB the host asked back", v.Reason);
    }

    [Fact]
    public void EvidenceWithoutBeforeMb_FallsBackToTheBootAssignment()
    {
        var v = FeatbEvidence.Qemu("memory.ballooning").Sample(BallooningProbe.Inventory, "sysfs-inventory", "lab-debian12-gen1")
            .Host(BallooningProbe.Assigned, true, ("memory_mb", "1024"))
            .Sample(BallooningProbe.Before, "proc-meminfo", "lab-debian12-gen1-before-balloon")
            .Host(BallooningProbe.Reclaim, true, ("target_mb", "768"))
            .Sample(BallooningProbe.After, "proc-meminfo", "lab-debian12-gen1-after-balloon").Judge();

        Assert.Contains("for 256 MiB the host asked back", v.Reason);
    }
}
