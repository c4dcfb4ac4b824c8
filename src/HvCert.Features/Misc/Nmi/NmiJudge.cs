using HvCert.Features.Common;
using HvCert.Guests.Tools.Linux;
using HvCert.Probes;
using static HvCert.Features.Misc.Nmi.NmiProbe;

namespace HvCert.Features.Misc.Nmi;

internal static class NmiJudge
{
    public static Verdict Judge(ProbeEvidence evidence)
    {
        if (!evidence.Ran(InterruptsBefore, out var before, out var failure) || !evidence.HostOk(Inject, out _, out failure)
            || !evidence.Ran(InterruptsAfter, out var after, out failure))
        {
            return failure;
        }

        var (b, a) = (ProcInterruptsParser.Parse(before.Stdout).Row("NMI"), ProcInterruptsParser.Parse(after.Stdout).Row("NMI"));
        var logBefore = Reports(evidence, LogBefore);
        var logAfter = Reports(evidence, LogAfter);
        var newReports = logAfter.Skip(logBefore.Count).ToList();
        var counted = b is not null && a is not null ? a.Total - b.Total : 0;
        var perCpu = b is not null && a is not null
            ? string.Join(", ", a.PerCpu.Select((n, i) => (n - (i < b.PerCpu.Count ? b.PerCpu[i] : 0), i)).Where(x => x.Item1 > 0).Select(x => $"CPU{x.i} +{x.Item1}"))
            : string.Empty;
        if (counted > 0 || newReports.Count > 0)
        {
            var log = newReports.Count > 0 ? $"; kernel: NMI for unknown reason {newReports[0].Reason} on CPU {newReports[0].Cpu}" : string.Empty;
            return Verdict.Supported($"NMI counters +{counted}{(perCpu.Length > 0 ? " (" + perCpu + ")" : string.Empty)}{log}");
        }

        return b is null
            ? Verdict.NotSupported("the guest's /proc/interrupts has no NMI row and its kernel log shows no NMI")
            : Verdict.NotSupported("the host injected an NMI but the guest's NMI counters and kernel log did not change");
    }

    private static IReadOnlyList<NmiReport> Reports(ProbeEvidence evidence, int step) =>
        evidence.Command(step) is { } c ? KernelLogEvents.NmiReports(KernelLogParser.Parse(c.Stdout)) : [];
}
