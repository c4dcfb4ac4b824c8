using HvCert.Features.Common;
using HvCert.Guests.Tools.Linux;
using HvCert.Probes;
using static HvCert.Features.Storage.VhdxResize.VhdxResizeProbe;

namespace HvCert.Features.Storage.VhdxResize;

internal static class VhdxResizeJudge
{
    public static Verdict Judge(ProbeEvidence evidence)
    {
        if (!evidence.Ran(Before, out var before, out var failure))
        {
            return failure;
        }

        if (!DataDisk.OnFeatureController(evidence, before.Stdout, "Online disk resize", out failure))
        {
            return failure;
        }

        var disk = DataDisk.Name(before.Stdout);
        var oldSize = Size(before.Stdout, disk);
        if (disk is null || oldSize is null)
        {
            return Verdict.NotSupported($"no data disk size in step {Before}: {Judging.FirstLine(before.Stderr, before.Stdout)}");
        }

        if (!evidence.HostOk(DiskSize, out _, out failure) || !evidence.HostOk(Grow, out var grow, out failure))
        {
            return failure;
        }

        var newBytes = grow.Long("new_bytes");
        if (newBytes is null || newBytes <= oldSize)
        {
            return Verdict.Error($"the host reported no larger size after growing the disk (new_bytes={grow.Observation("new_bytes") ?? "missing"})");
        }

        if (!evidence.Ran(After, out var after, out failure))
        {
            return failure;
        }

        var seen = Size(after.Stdout, DataDisk.Name(after.Stdout));
        var log = evidence.Command(KernelLog) is { } k ? KernelLogEvents.CapacityChanges(KernelLogParser.Parse(k.Stdout)) : [];
        var logNote = log.Count > 0 ? $"; kernel logged {log.Count} capacity change(s)" : "; no capacity-change line in the kernel log";
        return seen == newBytes
            ? Verdict.Supported($"{disk} grew from {oldSize} to {seen} bytes while running, no reboot{logNote}")
            : Verdict.NotSupported($"host grew the disk to {newBytes} bytes but the guest's {disk} still reports {seen?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "no size"}{logNote}");
    }

    private static long? Size(string stdout, string? disk) =>
        disk is null ? null : LsblkParser.Parse(stdout).FirstOrDefault(r => r.Name == disk)?.Long("SIZE");
}
