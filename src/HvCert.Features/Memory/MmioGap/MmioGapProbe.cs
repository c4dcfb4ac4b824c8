using HvCert.Features.Common;
using HvCert.Hosts;
using HvCert.Probes;

namespace HvCert.Features.Memory.MmioGap;

/// <summary>Configuration of MMIO gap: the low MMIO gap the host configured (Hyper-V LowMemoryMappedIoSpace, QEMU max-ram-below-4g) is where the guest's /proc/iomem puts it.</summary>
internal sealed class MmioGapProbe : LinuxGuestProbe
{
    public const int Configured = 1;
    public const int Iomem = 2;
    public const int E820 = 3;

    public override string FeatureId => "memory.mmio-gap";

    public override IReadOnlyList<VmFault> NegativeControl { get; } = [VmFault.NoMmioGapSetting];

    public override string NegativeControlNote => "the VM is started without a configured low MMIO gap, so there is no configured gap to find";

    public override IReadOnlyList<ProbeStep> Steps(BackendKind backend) =>
    [
        SettingRead.Of(Configured, "low-mmio-gap", "the low MMIO gap the host configured", ("mmio.low_gap_mb", "low_gap_mb")),
        new GuestCommand(Iomem, "cat /proc/iomem", "the guest's physical memory map (root shows addresses)"),
        new GuestCommand(E820, "dmesg | grep -E 'BIOS-e820|available for PCI devices'", "firmware memory map and the kernel's PCI gap", MayFail: true),
    ];

    public override Verdict Judge(ProbeEvidence evidence) => MmioGapJudge.Judge(evidence);
}
