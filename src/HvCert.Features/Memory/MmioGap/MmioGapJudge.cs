using HvCert.Features.Common;
using HvCert.Guests.Tools.Linux;
using HvCert.Probes;
using static HvCert.Features.Memory.MmioGap.MmioGapProbe;

namespace HvCert.Features.Memory.MmioGap;

internal static class MmioGapJudge
{
    public static Verdict Judge(ProbeEvidence evidence)
    {
        if (!evidence.HostOk(Configured, out var configured, out var failure))
        {
            return failure;
        }

        var expected = configured.Long("low_gap_mb");
        if (expected is null or <= 0)
        {
            return Verdict.Error($"the host's low MMIO gap '{configured.Observation("low_gap_mb")}' is not a size in MiB");
        }

        if (!evidence.Ran(Iomem, out var iomem, out failure))
        {
            return failure;
        }

        var map = IomemParser.Parse(iomem.Stdout);
        if (map.Redacted)
        {
            return Verdict.Error("/proc/iomem was read without root (all addresses 0): run the probe as root");
        }

        var measured = map.LowMmioGapMb;
        if (measured is null)
        {
            return Verdict.NotSupported("the guest's /proc/iomem shows no System RAM below 4 GiB");
        }

        // The gap is measured from the top of low RAM; firmware-reserved pages there make it a little larger.
        var tolerance = Math.Max(16, expected.Value / 50);
        var high = map.HighRamBytes > 0 ? $"; {map.HighRamBytes / 1048576} MiB of RAM relocated above 4 GiB" : string.Empty;
        var facts = $"guest low MMIO gap {measured} MiB (starts at 0x{map.LowMmioStart:x}), host configured {expected} MiB";
        return Math.Abs(measured.Value - expected.Value) <= tolerance
            ? Verdict.Supported(facts + high)
            : Verdict.NotSupported($"{facts}: differs by more than {tolerance} MiB");
    }
}
