using HvCert.Catalog;
using HvCert.Probes;

namespace HvCert.Reporting.Renderers;

/// <summary>
/// Folds the cells of one feature on one release (all generations and hosts) into one published-table cell:
/// a mark ("✔", "", "N/A", "Error", "Skipped", "—" for not run), the anchor its ✔ links to, and note texts.
/// A pass on any generation shows ✔; every other outcome on the other generations becomes a note, so nothing is hidden.
/// </summary>
internal sealed record MatrixCellSummary(string Mark, string? LinkAnchor, IReadOnlyList<string> Notes)
{
    public const string NotRun = "—";

    public static MatrixCellSummary Of(IReadOnlyList<CellResult> cells, bool scopeByGeneration, bool scopeByHost)
    {
        if (cells.Count == 0)
        {
            return new(NotRun, null, []);
        }

        var firstPass = cells.FirstOrDefault(c => c.Verdict.IsPass());
        var mark = firstPass is not null ? "✔"
            : cells.Any(c => c.Verdict == VerdictKind.NotSupported) ? ""
            : cells.Any(c => c.Verdict == VerdictKind.Error) ? "Error"
            : cells.Any(c => c.Verdict == VerdictKind.Skipped) ? "Skipped"
            : "N/A";

        // Not-supported cells are the plain blank of the published layout; they need a note only beside a ✔.
        var notes = cells
            .Where(c => c.Verdict switch
            {
                VerdictKind.Supported or VerdictKind.NotApplicable => false,
                VerdictKind.NotSupported => firstPass is not null,
                _ => true,
            })
            .GroupBy(c => (c.Verdict, c.Reason))
            .Select(g => NoteText(g.Key.Verdict, g.Key.Reason, g.ToList(), scopeByGeneration, scopeByHost))
            .ToList();
        return new(mark, firstPass?.Anchor, notes);
    }

    private static string NoteText(VerdictKind verdict, string reason, List<CellResult> cells, bool byGen, bool byHost)
    {
        var scope = new List<string>();
        if (byGen)
        {
            scope.Add(string.Join(", ", cells.Select(c => c.Key.Generation.ToString()).Distinct()));
        }

        if (byHost)
        {
            scope.Add("host " + string.Join(", ", cells.Select(c => HostLabel(c.Key.Host)).Distinct()));
        }

        var where = scope.Count > 0 ? $" ({string.Join(", ", scope)})" : "";
        var prefix = verdict == VerdictKind.Error ? "Infrastructure error, no verdict" : verdict.Label();
        return $"{prefix}{where}: {reason}";
    }

    public static string HostLabel(string host) =>
        HostVersionNames.TryParse(host, out var v) ? v.Display() : host;
}
