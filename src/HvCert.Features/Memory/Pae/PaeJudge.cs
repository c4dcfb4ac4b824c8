using HvCert.Features.Common;
using HvCert.Guests.Tools.Linux;
using HvCert.Probes;
using static HvCert.Features.Memory.Pae.PaeProbe;

namespace HvCert.Features.Memory.Pae;

internal static class PaeJudge
{
    private const long FourGiBKb = 4L * 1024 * 1024;

    public static Verdict Judge(ProbeEvidence evidence)
    {
        if (!evidence.Ran(Machine, out var machine, out var failure))
        {
            return failure;
        }

        var arch = machine.Stdout.Trim();
        if (arch is "x86_64" or "aarch64" or "amd64")
        {
            return Verdict.NotApplicable($"64-bit kernel ({arch}): PAE concerns 32-bit kernels");
        }

        if (arch is not ("i386" or "i486" or "i586" or "i686"))
        {
            return Verdict.NotSupported($"unrecognised architecture '{Judging.Clip(arch, 30)}'");
        }

        if (!evidence.Ran(CpuFlags, out var flags, out failure) || !evidence.Ran(MemoryInfo, out var mem, out failure))
        {
            return failure;
        }

        var release = evidence.Command(Kernel)?.Stdout.Trim() ?? "?";
        if (!CpuInfoParser.Parse(flags.Stdout).Has("pae"))
        {
            return Verdict.NotSupported($"32-bit kernel {Judging.Clip(release, 40)} and the CPU flags lack pae");
        }

        var total = MemInfoParser.Parse(mem.Stdout).MemTotalKb;
        return total > FourGiBKb
            ? Verdict.Supported($"32-bit PAE kernel {Judging.Clip(release, 40)} manages {total / 1024} MiB (above 4 GiB)")
            : Verdict.NotSupported($"32-bit kernel {Judging.Clip(release, 40)} sees only {(total ?? 0) / 1024} MiB: memory above 4 GiB is not used (non-PAE kernel or VM ≤ 4 GiB)");
    }
}
