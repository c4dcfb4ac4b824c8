using HvCert.Features.Common;
using HvCert.Guests.Tools.Linux;
using HvCert.Hosts;
using HvCert.Probes;
using static HvCert.Features.Memory.Ballooning.BallooningProbe;

namespace HvCert.Features.Memory.Ballooning;

internal static class BallooningJudge
{
    public static Verdict Judge(ProbeEvidence evidence)
    {
        if (!evidence.BoundDevice(Inventory, DeviceRole.Balloon, out var binding, out var failure, "balloon device"))
        {
            return failure;
        }

        if (!evidence.HostOk(Assigned, out _, out failure) || !evidence.Ran(Before, out var before, out failure)
            || !evidence.HostOk(Reclaim, out _, out failure) || !evidence.Ran(After, out var after, out failure))
        {
            return failure;
        }

        var (b, a) = (MemInfoParser.Parse(before.Stdout), MemInfoParser.Parse(after.Stdout));
        if (b.MemTotalKb is null || a.MemTotalKb is null)
        {
            return Verdict.NotSupported("no MemTotal line in /proc/meminfo");
        }

        // Only MemTotal counts: virtio_balloon and hv_balloon (since Linux 5.8, adjust_managed_page_count) take ballooned
        // pages out of it. MemAvailable falls under any workload, so its drop is reported but proves nothing.
        var totalDrop = b.MemTotalKb.Value - a.MemTotalKb.Value;
        var availDrop = (b.MemAvailableKb ?? 0) - (a.MemAvailableKb ?? 0);
        var askedKb = AskedKb(evidence);
        var facts = $"MemTotal −{totalDrop / 1024} MiB (MemAvailable −{availDrop / 1024} MiB, not counted) for {askedKb / 1024} MiB the host asked back; {binding.Detail}";
        if (MemoryGrowthJudge.NearAsked(totalDrop, askedKb))
        {
            return Verdict.Supported(facts);
        }

        return totalDrop > askedKb + MemoryGrowthJudge.ToleranceKb
            ? Verdict.Caveat($"the guest gave back more than asked: {facts}")
            : Verdict.NotSupported($"the guest did not give the asked memory back (within {MemoryGrowthJudge.ToleranceKb / 1024} MiB): {facts}");
    }

    /// <summary>
    /// What the host asked back: the memory it read at the balloon step (before_mb) − the target it set; evidence recorded
    /// before that observation existed falls back to the boot-time assignment, else the suite parameter.
    /// </summary>
    private static long AskedKb(ProbeEvidence evidence)
    {
        var assigned = evidence.Host(Reclaim)?.Long("before_mb") ?? evidence.Host(Assigned)?.Long("memory_mb");
        var target = evidence.Host(Reclaim)?.Long("target_mb");
        return assigned is { } m && target is { } t && m > t
            ? (m - t) * 1024
            : evidence.ParamInt("balloon_reclaim_mb", 256) * 1024L;
    }
}
