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
        IReadOnlyList<EvidenceEvent> events;
        try
        {
            events = EvidenceReader.Read(new RunDirectory(runDir).Evidence).Events;
        }
        catch (EvidenceFormatException ex)
        {
            stderr.WriteLine($"hvcert report: {ex.Message}");
            return ExitCodes.BadInput;
        }

        if (rejudge)
        {
            if (probes is null)
            {
                stderr.WriteLine("hvcert report: --rejudge needs the probe registry, and this build has none registered. Render without --rejudge.");
                return ExitCodes.BadInput;
            }

            var outcome = Rejudger.Rejudge(events, probes);
            events = outcome.Events;
            foreach (var problem in outcome.Problems) stderr.WriteLine($"hvcert report: {problem}");
            foreach (var c in outcome.Changes)
            {
                stdout.WriteLine($"changed {c.Cell} attempt {c.Attempt}: {c.Was.Token()} -> {c.Now.Token()} ({c.NowReason})");
            }

            stdout.WriteLine($"re-judged {outcome.Rejudged} attempts offline, kept {outcome.Kept} runner/planner verdicts, {outcome.Changes.Count} verdicts changed.");
        }

        var results = RunResultsBuilder.Build(events);
        var written = ReportWriter.WriteAll(results, runDir);
        var shown = written.Where(p => !p.Contains(Path.DirectorySeparatorChar + "allure-results" + Path.DirectorySeparatorChar, StringComparison.Ordinal));
        foreach (var path in shown) stdout.WriteLine($"wrote {path}");
        stdout.WriteLine($"wrote {Path.Combine(runDir, "allure-results")}{Path.DirectorySeparatorChar} ({written.Count - shown.Count()} files)");
        return ExitCodes.Ok;
    }
}
