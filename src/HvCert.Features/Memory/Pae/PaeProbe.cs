using HvCert.Features.Common;
using HvCert.Hosts;
using HvCert.Probes;

namespace HvCert.Features.Memory.Pae;

/// <summary>PAE kernel support: a 32-bit (i686) guest runs a PAE kernel that sees memory above 4 GiB. 64-bit kernels make the row not applicable.</summary>
internal sealed class PaeProbe : LinuxGuestProbe
{
    public const int Machine = 1;
    public const int Kernel = 2;
    public const int CpuFlags = 3;
    public const int MemoryInfo = 4;

    public override string FeatureId => "memory.pae";

    public override IReadOnlyList<VmFault> NegativeControl { get; } = [VmFault.MemoryAtMost3Gib];

    public override string NegativeControlNote => "the VM gets at most 3 GiB, so a 32-bit PAE kernel has no memory above 4 GiB to show (a 64-bit guest is Not applicable either way)";

    public override IReadOnlyList<ProbeStep> Steps(BackendKind backend) =>
    [
        new GuestCommand(Machine, "uname -m", "kernel architecture"),
        new GuestCommand(Kernel, "uname -r", "kernel release (PAE flavour on i686)"),
        new GuestCommand(CpuFlags, "grep -m1 '^flags' /proc/cpuinfo", "CPU flags the guest sees (pae)"),
        new GuestCommand(MemoryInfo, "cat /proc/meminfo", "memory the kernel manages"),
    ];

    public override Verdict Judge(ProbeEvidence evidence) => PaeJudge.Judge(evidence);
}
