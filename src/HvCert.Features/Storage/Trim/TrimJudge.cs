using System.Globalization;
using HvCert.Features.Common;
using HvCert.Guests.Tools.Linux;
using HvCert.Probes;
using static HvCert.Features.Storage.Trim.TrimProbe;

namespace HvCert.Features.Storage.Trim;

internal static class TrimJudge
{
    public static Verdict Judge(ProbeEvidence evidence)
    {
        if (!evidence.Ran(Discard, out var discard, out var failure))
        {
            return failure;
        }

        if (!DataDisk.OnFeatureController(evidence, discard.Stdout, "TRIM", out failure))
        {
            return failure;
        }

        var disk = DataDisk.Name(discard.Stdout);
        var row = LsblkParser.Parse(discard.Stdout).FirstOrDefault(r => r.Name == disk);
        if (row?.Long("DISC-MAX") is not > 0)
        {
            return Verdict.NotSupported($"the data disk {disk ?? "(none)"} advertises no discard support (DISC-MAX {row?.Get("DISC-MAX") ?? "missing"})");
        }

        if (!evidence.Ran(Fill, out _, out failure) || !evidence.HostOk(AllocatedFull, out var full, out failure))
        {
            return failure;
        }

        if (!evidence.Ran(Fstrim, out var fstrim, out failure))
        {
            return failure;
        }

        var trimmed = FstrimParser.Parse(fstrim.Stdout).Sum(r => r.BytesTrimmed);
        if (trimmed <= 0)
        {
            return Verdict.NotSupported($"fstrim trimmed nothing: {Judging.FirstLine(fstrim.Stdout, fstrim.Stderr)}");
        }

        if (!evidence.HostOk(AllocatedTrimmed, out var after, out failure))
        {
            return failure;
        }

        var (a, b) = (full.Long("allocated_bytes"), after.Long("allocated_bytes"));
        if (a is null || b is null)
        {
            return Verdict.Error("the host reported no allocated_bytes for the data disk image");
        }

        // Half the written data must come back: file system metadata and cluster rounding keep the rest.
        var fillBytes = evidence.ParamInt("trim_fill_mb", 64) * 1024L * 1024;
        var shrink = a.Value - b.Value;
        var facts = $"fstrim trimmed {trimmed} bytes; host allocation {Mib(a.Value)} → {Mib(b.Value)} MiB";
        return shrink >= fillBytes / 2
            ? Verdict.Supported(facts)
            : Verdict.NotSupported($"{facts}: the image did not give back the {Mib(fillBytes)} MiB deleted (discard not passed to the host)");
    }

    private static string Mib(long bytes) => (bytes / 1048576.0).ToString("0.#", CultureInfo.InvariantCulture);
}
