using HvCert.Features.Common;
using HvCert.Guests.Tools.Linux;
using HvCert.Probes;
using static HvCert.Features.Gen2.Uefi.UefiProbe;

namespace HvCert.Features.Gen2.Uefi;

internal static class UefiJudge
{
    public static Verdict Judge(ProbeEvidence evidence)
    {
        if (evidence.Command(Efi) is not { } efi)
        {
            return Verdict.Error($"step {Efi} has no recorded output (the run stopped before it)");
        }

        var boot = EfiPresenceParser.Parse(efi.Stdout);
        var vendor = evidence.Command(Banner) is { } b ? KernelLogEvents.EfiFirmware(KernelLogParser.Parse(b.Stdout)) : null;
        return boot.Efi
            ? Verdict.Supported($"booted through UEFI ({boot.PlatformBits?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "?"}-bit EFI{(vendor is null ? "" : ", firmware " + Judging.Clip(vendor, 40))})")
            : Verdict.NotSupported("booted through BIOS: /sys/firmware/efi is absent");
    }
}
