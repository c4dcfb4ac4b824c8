using System.CommandLine;
using HvCert.Baselines;
using HvCert.Evidence;
using HvCert.Reporting;

namespace HvCert.Cli.Commands;

/// <summary>`hvcert diff &lt;run-dir&gt; --baseline &lt;file&gt;`: per-cell regressions, fixes and disagreements; exit 1 on a regression.</summary>
internal static class DiffCommand
{
    public static Command Build()
    {
        var runDir = new Argument<string>("run-dir") { Description = "A run directory made by 'hvcert run'." };
        var baseline = new Option<string>("--baseline") { Description = "Baseline file made by 'hvcert baseline import'.", Required = true };
        var command = new Command("diff", "Compare a run with Microsoft's published table; exits 1 on any regression.") { runDir, baseline };
        command.SetAction(r => Execute(r.GetValue(runDir)!, r.GetValue(baseline)!, Console.Out, Console.Error));
        return command;
    }

    internal static int Execute(string runDir, string baselinePath, TextWriter stdout, TextWriter stderr)
    {
        DiffReport report;
        try
        {
            report = BaselineDiff.Compare(runDir, baselinePath);
        }
        catch (Exception ex) when (ex is ReportInputException or EvidenceFormatException)
        {
            stderr.WriteLine($"hvcert diff: {TextEscaping.Visible(ex.Message)}");
            return ExitCodes.BadInput;
        }

        // Reasons come from guests: control characters and bidi overrides are shown as escapes, never sent to the terminal.
        foreach (var entry in report.Entries.OrderBy(e => e.Kind)) stdout.WriteLine(TextEscaping.Visible(entry.ToString()));
        stdout.WriteLine(report.Summary);
        return report.HasRegressions ? ExitCodes.CertificationFailed : ExitCodes.Ok;
    }
}
