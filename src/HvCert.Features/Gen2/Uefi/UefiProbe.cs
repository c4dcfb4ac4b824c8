using HvCert.Features.Common;
using HvCert.Hosts;
using HvCert.Probes;

namespace HvCert.Features.Gen2.Uefi;

/// <summary>Boot using UEFI: the guest kernel was started by UEFI firmware (/sys/firmware/efi, the kernel's EFI banner).</summary>
internal sealed class UefiProbe : LinuxGuestProbe
{
    public const int Efi = 1;
    public const int Banner = 2;

    public override string FeatureId => "gen2.uefi";

    public override IReadOnlyList<VmFault> NegativeControl { get; } = [VmFault.BiosFirmware];

    public override string NegativeControlNote => "the generation 2 VM is started on BIOS firmware (lab only), so no EFI runtime reaches the guest";

    public override IReadOnlyList<ProbeStep> Steps(BackendKind backend) =>
    [
        new GuestCommand(Efi, "ls -d /sys/firmware/efi; cat /sys/firmware/efi/fw_platform_size", "EFI runtime present and its word size", MayFail: true),
        new GuestCommand(Banner, "dmesg | grep -E 'efi: EFI v|Secure boot'", "the kernel's EFI firmware banner", MayFail: true),
    ];

    public override Verdict Judge(ProbeEvidence evidence) => UefiJudge.Judge(evidence);
}
