using System.Globalization;
using HvCert.Features.Common;
using HvCert.Guests.Tools.Linux;
using HvCert.Probes;
using static HvCert.Features.Misc.Nmi.NmiProbe;

namespace HvCert.Features.Misc.Nmi;

internal static class NmiJudge
{
    /// <summary>Slack around the injection window: dmesg stamps (local_clock) and /proc/uptime drift apart by well under this.</summary>
    private const double SlackSeconds = 1;

    public static Verdict Judge(ProbeEvidence evidence)
    {
        if (!evidence.Ran(InterruptsBefore, out var before, out var failure) || !evidence.Ran(UptimeBefore, out var upBefore, out failure)
            || !evidence.HostOk(Inject, out _, out failure) || !evidence.Ran(InterruptsAfter, out var after, out failure)
            || !evidence.Ran(LogAfter, out var logAfter, out failure, mayFail: true) || !evidence.Ran(UptimeAfter, out var upAfter, out failure))
        {
            return failure;
        }

        if (Seconds(upBefore.Stdout) is not { } from || Seconds(upAfter.Stdout) is not { } to)
        {
            return Verdict.Error($"cannot read the guest uptime around the injection ('{Judging.FirstLine(upBefore.Stdout)}', '{Judging.FirstLine(upAfter.Stdout)}')");
        }

        // The NMI must be in the kernel log, stamped inside the injection window; an older line or an undated one does not count.
        var lines = KernelLogParser.Parse(logAfter.Stdout).ToList();
        var inWindow = lines.Where(l => l.Seconds is { } t && t >= from - SlackSeconds && t <= to + SlackSeconds).ToList();
        var report = KernelLogEvents.NmiReports(inWindow) is [var first, ..] ? first : null;
        var (b, a) = (ProcInterruptsParser.Parse(before.Stdout).Row("NMI"), ProcInterruptsParser.Parse(after.Stdout).Row("NMI"));
        var counter = b is not null && a is not null ? $"; NMI counter +{a.Total - b.Total} (context only)" : "";
        var window = string.Create(CultureInfo.InvariantCulture, $"{from:0.000}–{to:0.000} s after boot");
        if (report is not null)
        {
            var stamp = inWindow.First(l => l.Message.Contains("NMI received", StringComparison.Ordinal)).Seconds;
            return Verdict.Supported(string.Create(CultureInfo.InvariantCulture,
                $"kernel logged the NMI at {stamp:0.000} s, inside the injection window {window}: unknown reason {report.Reason} on CPU {report.Cpu}{counter}"));
        }

        var older = KernelLogEvents.NmiReports(lines).Count;
        return Verdict.NotSupported(older > 0
            ? $"the kernel log's NMI lines are all outside the injection window {window}{counter}"
            : $"the host injected an NMI but the guest's kernel log shows none in {window}{counter}");
    }

    private static double? Seconds(string text) =>
        double.TryParse(text.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var v) ? v : null;
}
