using System.Globalization;
using HvCert.Catalog;
using HvCert.Features.Common;
using HvCert.Hosts;
using HvCert.Hosts.Facets;
using HvCert.Probes;

namespace HvCert.Features.Memory.MmioGap;

/// <summary>MMIO gap on FreeBSD: vmbus0's I/O memory range (devinfo -rv) lies inside the low MMIO gap the host configured below 4 GiB.</summary>
internal sealed class MmioGapFreeBsdProbe : FreeBsdGuestProbe
{
    public const int Firmware = 3;

    private const ulong FourGiB = 1UL << 32;

    public override string FeatureId => "memory.mmio-gap";

    public override IReadOnlyList<VmFault> NegativeControl { get; } = [VmFault.NoMmioGapSetting];

    public override string NegativeControlNote => "the host sets no MMIO gap, so there is no configured gap to find";

    public override IReadOnlyList<ProbeStep> Steps(BackendKind backend) =>
    [
        .. FreeBsdJudging.Opening(),
        new HostAction<IFirmwareFacet>(Firmware, "firmware", "host's configured low MMIO gap", Facet.MmioGap, (f, _, ct) => f.DescribeFirmwareAsync(ct)),
    ];

    public override Verdict Judge(ProbeEvidence evidence)
    {
        if (!evidence.Ran(FreeBsdJudging.Devinfo, out _, out var failure) || !evidence.HostOk(Firmware, out var firmware, out failure))
        {
            return failure;
        }

        if (firmware.Number("low_mmio_gap_mb") is not { } gapMb || gapMb <= 0)
        {
            // The host configured no gap: nothing was offered to check, as the Linux probe's setting read says (Not offered).
            return Verdict.NotOffered("the host configured no low MMIO gap on this VM (low_mmio_gap_mb 0)");
        }

        var gapStart = FourGiB - (ulong)(gapMb * 1024 * 1024);
        var ranges = evidence.Tree().VmbusMemory;
        if (ranges.Count == 0)
        {
            return Verdict.NotSupported("vmbus0 reports no I/O memory range in devinfo");
        }

        var inside = ranges.Where(r => r.Start >= gapStart && r.End < FourGiB).ToList();
        return inside.Count > 0
            ? Verdict.Supported($"vmbus0 MMIO 0x{inside[0].Start:x}-0x{inside[0].End:x} inside the {gapMb.ToString(CultureInfo.InvariantCulture)} MB gap from 0x{gapStart:x}")
            : Verdict.NotSupported($"vmbus0 MMIO 0x{ranges[0].Start:x}-0x{ranges[0].End:x} is outside the configured gap from 0x{gapStart:x}");
    }
}
