using System.CommandLine;
using HvCert.Evidence;
using HvCert.Probes;
using HvCert.Reporting;
using HvCert.Reporting.Rejudging;

namespace HvCert.Cli.Commands;

/// <summary>`hvcert report &lt;run-dir&gt; [--rejudge]`: re-renders every format from evidence.jsonl, optionally re-judging offline.</summary>
internal static class ReportCommand
{
    public static Command Build()
    {
        var runDir = new Argument<string>("run-dir") { Description = "A run directory made by 'hvcert run' (holds evidence.jsonl)." };
        var rejudge = new Option<bool>("--rejudge") { Description = "Re-judge every stored attempt with this build's probe rules (no VM needed) and report changed verdicts." };
        var command = new Command("report", "Render support-matrix.md, report.html, results.json, junit.xml and allure-results/ from a run's evidence.") { runDir, rejudge };
        command.SetAction(r => Execute(r.GetValue(runDir)!, HvCert.Features.ProbeRegistry.Catalog, r.GetValue(rejudge), Console.Out, Console.Error));
        return command;
    }

    internal static int Execute(string runDir, IProbeCatalog? probes, bool rejudge, TextWriter stdout, TextWriter stderr)
    {
        EvidenceLog log;
        try
        {
            // Old reports must not stay beside evidence that can no longer be rendered, looking current.
            if (new RunDirectory(runDir).Exists) StaleReports.Remove(runDir);
            log = EvidenceReader.Read(new RunDirectory(runDir).Evidence);
        }
        catch (EvidenceFormatException ex)
        {
            stderr.WriteLine($"hvcert report: {TextEscaping.Visible(ex.Message)}");
            return ExitCodes.BadInput;
        }

        var events = log.Events;
        PrintDamage(log.Damage, "hvcert report", stderr);
        if (rejudge)
        {
            if (probes is null)
            {
                stderr.WriteLine("hvcert report: --rejudge needs the probe registry, and this build has none registered. Render without --rejudge.");
                return ExitCodes.BadInput;
            }

            var outcome = Rejudger.Rejudge(events, probes);
            events = outcome.Events;
            foreach (var problem in outcome.Problems) stderr.WriteLine($"hvcert report: {TextEscaping.Visible(problem)}");
            foreach (var c in outcome.Changes)
            {
                stdout.WriteLine(TextEscaping.Visible($"changed {c.Cell} attempt {c.Attempt}: {c.Was.Token()} -> {c.Now.Token()} ({c.NowReason})"));
            }

            stdout.WriteLine($"re-judged {outcome.Rejudged} attempts offline, kept {outcome.Kept} runner/planner verdicts, {outcome.Changes.Count} verdicts changed.");
        }

        var results = RunResultsLoader.Build(events, log.Damage);
        var written = ReportWriter.WriteAll(results, runDir);
        var shown = written.Where(p => !p.Contains(Path.DirectorySeparatorChar + "allure-results" + Path.DirectorySeparatorChar, StringComparison.Ordinal));
        foreach (var path in shown) stdout.WriteLine($"wrote {path}");
        stdout.WriteLine($"wrote {Path.Combine(runDir, "allure-results")}{Path.DirectorySeparatorChar} ({written.Count - shown.Count()} files)");
        if (results.Redactions > 0) stdout.WriteLine($"redacted {results.Redactions} secret(s) in the reports.");
        return log.LostEvents ? ExitCodes.InfrastructureError : ExitCodes.Ok;
    }

    /// <summary>Every damaged line on stderr (first 50, then a count), so no loss is silent; the reports carry them too.</summary>
    internal static void PrintDamage(IReadOnlyList<EvidenceDamage> damage, string verb, TextWriter stderr)
    {
        foreach (var d in damage.Take(Validation.InputLimits.MaxPrintedErrors))
        {
            stderr.WriteLine($"{verb}: {(d.EventLost ? "lost" : "note")}: {TextEscaping.Visible(d.ToString())}");
        }

        if (damage.Count > Validation.InputLimits.MaxPrintedErrors)
        {
            stderr.WriteLine($"{verb}: … and {damage.Count - Validation.InputLimits.MaxPrintedErrors} more damaged lines (results.json lists all).");
        }

        var lost = damage.Count(d => d.EventLost);
        if (lost > 0)
        {
            stderr.WriteLine($"{verb}: {lost} evidence line(s) could not be read; the reports show every other event and name the damage. Exit 3.");
        }
    }
}
