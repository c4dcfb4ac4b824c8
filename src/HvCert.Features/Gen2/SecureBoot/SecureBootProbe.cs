using HvCert.Features.Common;
using HvCert.Hosts;
using HvCert.Probes;

namespace HvCert.Features.Gen2.SecureBoot;

/// <summary>Secure Boot: enabled in the VM's firmware by the host, and the guest reports it (mokutil, the SecureBoot EFI variable, the kernel log).</summary>
internal sealed class SecureBootProbe : LinuxGuestProbe
{
    public const int Firmware = 1;
    public const int Mokutil = 2;
    public const int Variable = 3;
    public const int KernelLog = 4;
    public const string VariablePath = "/sys/firmware/efi/efivars/SecureBoot-8be4df61-93ca-11d2-aa0d-00e098032b8c";

    public override string FeatureId => "gen2.secure-boot";

    public override IReadOnlyList<VmFault> NegativeControl { get; } = [VmFault.SecureBootOff];

    public override string NegativeControlNote => "the VM firmware runs with Secure Boot off, so the guest must report it disabled";

    public override IReadOnlyList<ProbeStep> Steps(BackendKind backend) =>
    [
        SettingRead.Of(Firmware, "firmware", "the VM firmware and its Secure Boot switch as the host configured them", ("firmware", "firmware"), ("secure_boot", "secure_boot")),
        new GuestCommand(Mokutil, "mokutil --sb-state", "Secure Boot state as shim's tool reports it (optional tool)", MayFail: true),
        new GuestCommand(Variable, $"od -An -t u1 {VariablePath}", "the SecureBoot EFI variable (attributes, then 1 = enabled)", MayFail: true),
        new GuestCommand(KernelLog, "dmesg | grep -iE 'secure ?boot'", "the kernel's Secure Boot line", MayFail: true),
    ];

    public override Verdict Judge(ProbeEvidence evidence) => SecureBootJudge.Judge(evidence);
}
