using HvCert.Catalog;
using HvCert.Evidence;
using HvCert.Probes;
using HvCert.Reporting;

namespace HvCert.Baselines;

public enum DiffKind
{
    /// <summary>Published ✔, the run found it not supported.</summary>
    Regression,

    /// <summary>Published blank, the run found it supported.</summary>
    Fix,

    /// <summary>Published N/A but the run judged it, or published ✔ but the run says not applicable / not offered.</summary>
    Disagreement,

    /// <summary>The run has no verdict (infrastructure error or skipped) for a published cell: neither agreement nor regression.</summary>
    Unverified,
}

public sealed record DiffEntry(DiffKind Kind, CellResult Cell, BaselinePage Page, BaselineRow Row, BaselineCell Published)
{
    public override string ToString() =>
        $"{Kind.ToString().ToUpperInvariant(),-12} {Cell.Key.Target} {Cell.Key.Generation} on {Cell.Key.Host} {Cell.Key.FeatureId}: "
        + $"published {Published.Mark.Published()}{(Published.Notes.Count > 0 ? $" (Note {string.Join(", ", Published.Notes)})" : "")} "
        + $"at {Page.Source}:{Row.Line}, run {Cell.Verdict.Token()}: {TextEscaping.Cap(Cell.Reason, 300).ReplaceLineEndings(" ")}";
}

/// <summary>The comparison of one run with a baseline. <see cref="Unmatched"/> counts run cells the baseline has no cell for.</summary>
public sealed record DiffReport(IReadOnlyList<DiffEntry> Entries, int Agreements, int Unmatched)
{
    public bool HasRegressions => Entries.Any(e => e.Kind == DiffKind.Regression);

    public int Count(DiffKind kind) => Entries.Count(e => e.Kind == kind);

    public string Summary =>
        $"{Count(DiffKind.Regression)} regressions, {Count(DiffKind.Fix)} fixes, {Count(DiffKind.Disagreement)} disagreements, "
        + $"{Count(DiffKind.Unverified)} unverified, {Agreements} agree, {Unmatched} run cells not in the baseline";
}

/// <summary>
/// Compares a run with published tables, cell by cell. A library call so `hvcert diff` and `hvcert run --baseline`
/// share it: <see cref="Compare(string, string)"/> for directories and files, <see cref="Compare(RunResults, BaselineFile)"/> for data.
/// </summary>
public static class BaselineDiff
{
    /// <exception cref="EvidenceFormatException">The run's evidence is missing or damaged.</exception>
    /// <exception cref="ReportInputException">The baseline file is unreadable.</exception>
    public static DiffReport Compare(string runDir, string baselinePath) =>
        Compare(RunResultsLoader.Load(runDir).Results, BaselineYaml.Load(baselinePath));

    public static DiffReport Compare(RunResults run, BaselineFile baseline)
    {
        // Index once: (target, feature) → published cell. Columns match exactly, or by release prefix (debian-12 ~ debian-12.5, debian-12 ~ debian-12-bookworm).
        var published = new Dictionary<(string Target, string Feature), (BaselinePage, BaselineRow, BaselineCell)>();
        foreach (var page in baseline.Pages)
            foreach (var row in page.Rows)
                foreach (var cell in row.Cells)
                    published.TryAdd((cell.Target, row.FeatureId), (page, row, cell));
        var targets = published.Keys.Select(k => k.Target).ToHashSet(StringComparer.Ordinal);
        var targetMap = run.Targets.ToDictionary(t => t.Id, t => MatchTarget(t.Id, targets), StringComparer.Ordinal);

        var entries = new List<DiffEntry>();
        int agreements = 0, unmatched = 0;
        foreach (var cell in run.Cells)
        {
            if (targetMap.GetValueOrDefault(cell.Key.Target) is not { } target || !published.TryGetValue((target, cell.Key.FeatureId), out var p))
            {
                unmatched++;
                continue;
            }

            var kind = Classify(p.Item3.Mark, cell);
            if (kind is { } k) entries.Add(new DiffEntry(k, cell, p.Item1, p.Item2, p.Item3));
            else agreements++;
        }

        return new DiffReport(entries, agreements, unmatched);
    }

    private static DiffKind? Classify(BaselineMark mark, CellResult cell)
    {
        var applies = cell.Feature?.AppliesTo(cell.Key.Generation) ?? true;
        return (mark, cell.Verdict) switch
        {
            (_, VerdictKind.Error or VerdictKind.Skipped) => mark == BaselineMark.NotApplicable ? null : DiffKind.Unverified,
            (BaselineMark.Supported, VerdictKind.NotSupported) => DiffKind.Regression,
            (BaselineMark.Supported, VerdictKind.NotApplicable or VerdictKind.NotOffered) => applies ? DiffKind.Disagreement : null,
            (BaselineMark.NotSupported, VerdictKind.Supported or VerdictKind.SupportedWithCaveat) => DiffKind.Fix,
            (BaselineMark.NotApplicable, VerdictKind.Supported or VerdictKind.SupportedWithCaveat or VerdictKind.NotSupported) => DiffKind.Disagreement,
            _ => null,
        };
    }

    private static string? MatchTarget(string runTarget, HashSet<string> published)
    {
        if (published.Contains(runTarget)) return runTarget;
        // Published ids carry the full column text ("debian-12-bookworm", "ubuntu-22.04-lts"); a run's "debian-12" is that column.
        var candidates = published.Where(p => p.StartsWith(runTarget + ".", StringComparison.Ordinal) || runTarget.StartsWith(p + ".", StringComparison.Ordinal)
            || p.StartsWith(runTarget + "-", StringComparison.Ordinal));
        return candidates.OrderByDescending(p => p.Length).FirstOrDefault();
    }
}
