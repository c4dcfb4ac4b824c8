using HvCert.Planning;
using HvCert.Probes;

namespace HvCert.Evidence;

/// <summary>Where a cell stands in an evidence stream: its last verdict, attempts used and whether it is finished.</summary>
internal sealed record CellOutcome(CellKey Cell, ProbeJudged? Last, int AttemptsStarted, bool HadRetriedError)
{
    /// <summary>A cell is finished once judged without a pending retry; resume skips it.</summary>
    public bool Finished => Last is { WillRetry: false, Cancelled: false };

    /// <summary>The next attempt number: attempts never reuse a number, so a killed attempt's partial events stay apart.</summary>
    public int NextAttempt => Math.Max(AttemptsStarted, Last?.Attempt ?? 0) + 1;
}

/// <summary>The per-cell read model the runner needs (resume, exit code). Renderers keep their own richer one.</summary>
internal static class CellOutcomes
{
    public static IReadOnlyDictionary<CellKey, CellOutcome> From(IEnumerable<EvidenceEvent> events)
    {
        var started = new Dictionary<CellKey, int>();
        var judged = new Dictionary<CellKey, ProbeJudged>();
        var retried = new HashSet<CellKey>();
        foreach (var e in events)
        {
            switch (e)
            {
                case ProbeStarted s:
                    started[s.Cell] = Math.Max(started.GetValueOrDefault(s.Cell), s.Attempt);
                    break;
                case ProbeJudged j:
                    judged[j.Cell] = j;
                    if (j.WillRetry)
                    {
                        retried.Add(j.Cell);
                    }

                    break;
            }
        }

        return started.Keys.Union(judged.Keys).ToDictionary(
            c => c,
            c => new CellOutcome(c, judged.GetValueOrDefault(c), started.GetValueOrDefault(c), retried.Contains(c)));
    }

    /// <summary>Final verdict kinds of the finished cells.</summary>
    public static IReadOnlyList<VerdictKind> FinalVerdicts(IEnumerable<EvidenceEvent> events) =>
        From(events).Values.Where(o => o.Finished).Select(o => o.Last!.Verdict).ToList();
}
