using HvCert.Catalog;
using HvCert.Features.Common;
using HvCert.Hosts;
using HvCert.Hosts.Facets;
using HvCert.Probes;

namespace HvCert.Features.Gen2.SecureBoot;

/// <summary>
/// Secure Boot on FreeBSD: FreeBSD's loader is not signed for Microsoft's UEFI CA, so Hyper-V guides turn Secure Boot off.
/// The verdict is Supported only if the host had Secure Boot on and the guest still booted with UEFI; otherwise Not supported.
/// </summary>
internal sealed class SecureBootFreeBsdProbe : FreeBsdGuestProbe
{
    public const int BootMethod = 3;
    public const int Firmware = 4;

    public override string FeatureId => "gen2.secure-boot";

    public override IReadOnlyList<VmFault> NegativeControl { get; } = [VmFault.SecureBootOff];

    public override string NegativeControlNote => "Secure Boot off in the VM's firmware";

    public override IReadOnlyList<ProbeStep> Steps(BackendKind backend) =>
    [
        .. FreeBsdJudging.Opening(),
        new GuestCommand(BootMethod, "sysctl -n machdep.bootmethod", "firmware the loader booted from"),
        new HostAction<IFirmwareFacet>(Firmware, "firmware", "host's Secure Boot setting and template", Facet.SecureBoot, (f, _, ct) => f.DescribeFirmwareAsync(ct)),
    ];

    public override Verdict Judge(ProbeEvidence evidence)
    {
        if (!evidence.Ran(BootMethod, out var method, out var failure) || !evidence.HostOk(Firmware, out var firmware, out failure))
        {
            return failure;
        }

        var uefi = method.Stdout.Trim() == "UEFI";
        // The Hyper-V firmware facet says "on"/"off" (SecureBootEnabled); accept the same spellings as the Linux judge.
        return uefi && firmware.Observation("secure_boot") is "on" or "true" or "enabled"
            ? Verdict.Supported($"booted under UEFI with Secure Boot on (template {firmware.Observation("template") ?? "?"})")
            : Verdict.NotSupported(uefi
                ? "Secure Boot is off for this VM: FreeBSD's loader is not signed for Microsoft's UEFI CA"
                : "the guest did not boot through UEFI");
    }
}
