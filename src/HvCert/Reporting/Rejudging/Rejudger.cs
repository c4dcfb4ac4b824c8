using HvCert.Evidence;
using HvCert.Planning;
using HvCert.Probes;

namespace HvCert.Reporting.Rejudging;

/// <summary>A stored verdict the current probe rules judge differently.</summary>
public sealed record VerdictChange(CellKey Cell, int Attempt, VerdictKind Was, string WasReason, VerdictKind Now, string NowReason);

/// <summary>What a re-judge did: the rewritten event stream (evidence.jsonl itself is never touched) and what changed.</summary>
public sealed record RejudgeOutcome(
    IReadOnlyList<EvidenceEvent> Events, IReadOnlyList<VerdictChange> Changes, int Rejudged, int Kept, IReadOnlyList<string> Problems);

/// <summary>
/// Re-judges every stored attempt with the current probe rules, offline. Only judge output is re-judged: Error
/// (infrastructure), Not applicable, Not offered and Skipped were decided by the runner or planner, not by a judge,
/// and the evidence cannot reproduce that decision, so they are kept as recorded.
/// </summary>
public static class Rejudger
{
    public static RejudgeOutcome Rejudge(IReadOnlyList<EvidenceEvent> events, IProbeCatalog probes)
    {
        // One pass to index events per cell keeps this linear; ProbeEvidenceBuilder then sees only the events it needs.
        var runStarted = events.OfType<RunStarted>().LastOrDefault();
        var vms = new Dictionary<string, VmProvisioned>(StringComparer.Ordinal);
        var perCell = new Dictionary<CellKey, List<EvidenceEvent>>();
        foreach (var e in events)
        {
            CellKey? cell = e switch { ProbeStarted p => p.Cell, CommandRan c => c.Cell, HostActionDone h => h.Cell, _ => null };
            if (e is VmProvisioned v) vms[v.VmKey] = v;
            if (cell is null) continue;
            if (!perCell.TryGetValue(cell, out var list)) perCell[cell] = list = [];
            list.Add(e);
        }

        var output = new List<EvidenceEvent>(events.Count);
        var changes = new List<VerdictChange>();
        var problems = new List<string>();
        int rejudged = 0, kept = 0;
        foreach (var e in events)
        {
            if (e is not ProbeJudged j || j.Verdict is not (VerdictKind.Supported or VerdictKind.SupportedWithCaveat or VerdictKind.NotSupported))
            {
                if (e is ProbeJudged) kept++;
                output.Add(e);
                continue;
            }

            var verdict = JudgeAgain(j, runStarted, vms, perCell, probes, problems);
            if (verdict is null)
            {
                kept++;
                output.Add(e);
                continue;
            }

            rejudged++;
            if (verdict.Kind != j.Verdict)
            {
                changes.Add(new VerdictChange(j.Cell, j.Attempt, j.Verdict, j.Reason, verdict.Kind, verdict.Reason));
            }

            output.Add(j with { Verdict = verdict.Kind, Reason = verdict.Reason });
        }

        return new RejudgeOutcome(output, changes, rejudged, kept, problems);
    }

    private static Verdict? JudgeAgain(
        ProbeJudged judged, RunStarted? run, Dictionary<string, VmProvisioned> vms,
        Dictionary<CellKey, List<EvidenceEvent>> perCell, IProbeCatalog probes, List<string> problems)
    {
        var cellEvents = perCell.GetValueOrDefault(judged.Cell) ?? [];
        var started = cellEvents.OfType<ProbeStarted>().LastOrDefault(p => p.Attempt == judged.Attempt);
        if (started is null)
        {
            return null;
        }

        var subset = new List<EvidenceEvent>(cellEvents.Count + 2);
        if (run is not null) subset.Add(run);
        if (vms.TryGetValue(started.VmKey, out var vm)) subset.Add(vm);
        subset.AddRange(cellEvents);
        var evidence = ProbeEvidenceBuilder.FromEvents(subset, judged.Cell, judged.Attempt);
        var probe = evidence is null ? null : probes.Find(judged.Cell.FeatureId, evidence.Os);
        if (probe is null)
        {
            problems.Add($"{judged.Cell} attempt {judged.Attempt}: no probe for this feature and OS in this build; kept the stored verdict.");
            return null;
        }

        try
        {
            return probe.Judge(evidence!);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            problems.Add($"{judged.Cell} attempt {judged.Attempt}: the judge of {probe.GetType().Name} threw {ex.GetType().Name}: {ex.Message}; kept the stored verdict.");
            return null;
        }
    }
}
