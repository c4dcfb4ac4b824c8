using HvCert.Evidence;
using HvCert.Probes;

namespace HvCert.Running;

/// <summary>How a run ended. The values are the process exit codes (HvCert.Cli ExitCodes uses the same numbers).</summary>
internal enum RunStatus
{
    Green = 0,
    CertificationFailed = 1,
    InfrastructureError = 3,
    Cancelled = 130,
}

internal static class RunStatusPolicy
{
    /// <summary>
    /// From the final verdicts: any Not supported is a certification failure (it is a real finding, so it wins over an
    /// infrastructure Error elsewhere); otherwise any Error left after its retry is an infrastructure error.
    /// </summary>
    public static RunStatus From(IEnumerable<EvidenceEvent> events, bool cancelled)
    {
        if (cancelled)
        {
            return RunStatus.Cancelled;
        }

        var finals = CellOutcomes.FinalVerdicts(events);
        return finals.Contains(VerdictKind.NotSupported) ? RunStatus.CertificationFailed
            : finals.Contains(VerdictKind.Error) ? RunStatus.InfrastructureError
            : RunStatus.Green;
    }

    /// <summary>
    /// "12 supported, 1 not supported, 3 not applicable": every cell's verdict counted exactly as results.json and the
    /// reports count it (an attempt cut short by Ctrl-C or a kill included), for the closing line.
    /// </summary>
    public static string Summary(IEnumerable<EvidenceEvent> events) =>
        string.Join(", ", Reporting.RunResultsBuilder.Build(events).Cells.GroupBy(c => c.Verdict).OrderBy(g => g.Key)
            .Select(g => $"{g.Count()} {VerdictText.Of(g.Key)}"));
}

internal static class VerdictText
{
    public static string Of(VerdictKind kind) => kind switch
    {
        VerdictKind.Supported => "supported",
        VerdictKind.SupportedWithCaveat => "supported with caveat",
        VerdictKind.NotSupported => "not supported",
        VerdictKind.NotOffered => "not offered",
        VerdictKind.NotApplicable => "not applicable",
        VerdictKind.Error => "error",
        VerdictKind.Skipped => "skipped",
        _ => kind.ToString(),
    };
}
