using HvCert.Features.Common;
using HvCert.Hosts;
using HvCert.Probes;

namespace HvCert.Features.Memory.Pae;

/// <summary>
/// PAE on FreeBSD does not apply: Microsoft's FreeBSD table leaves it blank and amd64 kernels address all memory.
/// The probe still reads kern.features.pae and the machine arch so an i386 PAE kernel is reported as what it is.
/// </summary>
internal sealed class PaeFreeBsdProbe : FreeBsdGuestProbe
{
    public const int Arch = 3;

    public override string FeatureId => "memory.pae";

    public override IReadOnlyList<VmFault> NegativeControl { get; } = [];

    public override string NegativeControlNote => "not applicable on FreeBSD";

    public override IReadOnlyList<ProbeStep> Steps(BackendKind backend) =>
        [.. FreeBsdJudging.Opening(), new GuestCommand(Arch, "uname -m; sysctl -n kern.features.pae 2>/dev/null || echo 0", "machine arch and the PAE kernel feature", MayFail: true)];

    public override Verdict Judge(ProbeEvidence evidence)
    {
        if (!evidence.Ran(Arch, out var arch, out var failure, mayFail: true))
        {
            return failure;
        }

        var lines = arch.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var machine = lines.Length > 0 ? lines[0] : "?";
        return machine == "i386" && lines.Length > 1 && lines[1] == "1"
            ? Verdict.Caveat("i386 kernel with PAE; Microsoft lists no FreeBSD PAE support on Hyper-V")
            : Verdict.NotApplicable($"PAE does not apply to FreeBSD here ({machine} kernel)");
    }
}
