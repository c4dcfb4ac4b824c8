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

    public override IReadOnlyList<VmFault> NegativeControl { get; } = [];

    public override string NegativeControlNote => "the standard 64-bit guest: PAE does not apply, so the judge must say Not applicable, never Supported";

    public override IReadOnlyList<ProbeStep> Steps(BackendKind backend) =>
    [
        new GuestCommand(Machine, "uname -m", "kernel architecture"),
        new GuestCommand(Kernel, "uname -r", "kernel release (PAE flavour on i686)"),
        new GuestCommand(CpuFlags, "grep -m1 '^flags' /proc/cpuinfo", "CPU flags the guest sees (pae)"),
        new GuestCommand(MemoryInfo, "cat /proc/meminfo", "memory the kernel manages"),
    ];

    public override Verdict Judge(ProbeEvidence evidence) => PaeJudge.Judge(evidence);
}
