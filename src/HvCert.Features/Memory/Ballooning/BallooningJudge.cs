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
        if (b.MemTotalKb is null || a.MemTotalKb is null || b.MemAvailableKb is null || a.MemAvailableKb is null)
        {
            return Verdict.NotSupported("no MemTotal/MemAvailable lines in /proc/meminfo");
        }

        // virtio-balloon shrinks MemTotal; hv_balloon keeps MemTotal and takes the pages (MemAvailable falls). Either counts.
        var totalDrop = b.MemTotalKb.Value - a.MemTotalKb.Value;
        var availDrop = b.MemAvailableKb.Value - a.MemAvailableKb.Value;
        var drop = Math.Max(totalDrop, availDrop);
        var reclaimKb = evidence.ParamInt("balloon_reclaim_mb", 256) * 1024L;
        var facts = $"MemTotal −{totalDrop / 1024} MiB, MemAvailable −{availDrop / 1024} MiB for {reclaimKb / 1024} MiB reclaimed; {binding.Detail}";
        return drop >= Math.Max(1024, reclaimKb - MemoryGrowthJudge.ToleranceKb)
            ? Verdict.Supported(facts)
            : Verdict.NotSupported($"the guest did not give memory back: {facts}");
    }
}
