using HvCert.Evidence;
using HvCert.Probes;
using HvCert.Reporting;

namespace HvCert.Cli.Commands;

/// <summary>The end of `hvcert run` and `hvcert merge`: render every report from the evidence once and say where they are.</summary>
internal static class RunReports
{
    /// <param name="took">The run's time line (`hvcert run`), printed just before the exit code.</param>
    /// <param name="partDamage">Damage found in the inputs of a merge (the merged evidence itself is clean).</param>
    public static int Finish(RunDirectory dir, int exitCode, string summary, TextWriter stdout, TextWriter stderr, string? took = null,
        IReadOnlyList<EvidenceDamage>? partDamage = null)
    {
        RunResults results;
        try
        {
            StaleReports.Remove(dir.Path);
            var log = EvidenceReader.Read(dir.Evidence);
            var damage = (partDamage ?? []).Concat(log.Damage.Where(d => d.EventLost)).ToList();
            if (partDamage is null)
            {
                ReportCommand.PrintDamage(damage, "hvcert", stderr);
            }

            results = RunResultsLoader.Build(log.Events, damage);
            ReportWriter.WriteAll(results, dir.Path);
            if (damage.Any(d => d.EventLost))
            {
                exitCode = Math.Max(exitCode, ExitCodes.InfrastructureError);
            }
        }
        catch (Exception ex) when (ex is ReportInputException or EvidenceFormatException or IOException)
        {
            // The evidence is intact; only rendering failed, and 'hvcert report' can redo it.
            stderr.WriteLine($"hvcert: rendering the reports failed ({TextEscaping.Visible(ex.Message)}); the evidence is in {dir.Evidence}; retry with 'hvcert report {dir.Path}'.");
            return Math.Max(exitCode, ExitCodes.InfrastructureError);
        }

        stdout.WriteLine($"hvcert: {summary}" + (results.Redactions > 0 ? $"; {results.Redactions} secret(s) redacted" : ""));
        var notOffered = results.Cells.Where(c => c.Verdict == VerdictKind.NotOffered).Select(c => (c.Key.FeatureId, c.Reason)).ToList();
        foreach (var line in NotOfferedSummary.WhenMost(notOffered, results.Cells.Count))
        {
            stdout.WriteLine($"hvcert: {line}");
        }

        stdout.WriteLine($"hvcert: evidence    {dir.Evidence}");
        stdout.WriteLine($"hvcert: matrix      {Path.Combine(dir.Path, "support-matrix.md")}");
        stdout.WriteLine($"hvcert: HTML report {Path.Combine(dir.Path, "report.html")}");
        stdout.WriteLine($"hvcert: also        results.json, junit.xml, allure-results/ in {dir.Path}");
        if (took is not null)
        {
            stdout.WriteLine($"hvcert: {took}");
        }

        stdout.WriteLine($"hvcert: exit {exitCode}");
        return exitCode;
    }
}
