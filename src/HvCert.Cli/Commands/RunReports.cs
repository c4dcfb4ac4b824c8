using HvCert.Evidence;
using HvCert.Reporting;

namespace HvCert.Cli.Commands;

/// <summary>The end of `hvcert run` and `hvcert merge`: render every report from the evidence once and say where they are.</summary>
internal static class RunReports
{
    public static int Finish(RunDirectory dir, int exitCode, string summary, TextWriter stdout, TextWriter stderr)
    {
        try
        {
            var (results, _) = RunResultsLoader.Load(dir.Path);
            ReportWriter.WriteAll(results, dir.Path);
        }
        catch (Exception ex) when (ex is ReportInputException or EvidenceFormatException or IOException)
        {
            // The evidence is intact; only rendering failed, and 'hvcert report' can redo it.
            stderr.WriteLine($"hvcert: rendering the reports failed ({ex.Message}); the evidence is in {dir.Evidence}; retry with 'hvcert report {dir.Path}'.");
            return Math.Max(exitCode, ExitCodes.InfrastructureError);
        }

        stdout.WriteLine($"hvcert: {summary}");
        stdout.WriteLine($"hvcert: evidence    {dir.Evidence}");
        stdout.WriteLine($"hvcert: matrix      {Path.Combine(dir.Path, "support-matrix.md")}");
        stdout.WriteLine($"hvcert: HTML report {Path.Combine(dir.Path, "report.html")}");
        stdout.WriteLine($"hvcert: also        results.json, junit.xml, allure-results/ in {dir.Path}");
        stdout.WriteLine($"hvcert: exit {exitCode}");
        return exitCode;
    }
}
