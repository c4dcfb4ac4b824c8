using System.Text.RegularExpressions;
using HvCert.Catalog;
using HvCert.Reporting;

namespace HvCert.Baselines;

/// <summary>
/// One feature table of a page: the header's release columns, the (LIS) Availability row, group rows (bold or not), the
/// Core row, feature rows and their ✔ / &amp;#10004; / "✔ Note 3, 4" / blank / N/A cells. The Core row's mark stands for
/// every Core feature the table gives no row of its own, so it expands to those features (same marks, same notes).
/// </summary>
internal static partial class PageTable
{
    private static readonly HashSet<string> GroupNames =
        Enum.GetValues<FeatureGroup>().Select(g => FeatureNames.Normalize(g.Display())).ToHashSet(StringComparer.Ordinal);

    private static readonly string CoreName = FeatureNames.Normalize(FeatureGroup.Core.Display());

    public static bool IsHeader(string[] lines, int i) =>
        lines[i].TrimStart().StartsWith('|') && i + 1 < lines.Length && MarkdownTableRow.IsSeparator(lines[i + 1])
        && MarkdownTableRow.Split(lines[i]) is { Count: >= 3 } cells && MarkdownTableRow.Clean(cells[0].Text).Equals("Feature", StringComparison.OrdinalIgnoreCase);

    /// <summary>Reads the table whose header is at <paramref name="start"/>; returns the index of its last line.</summary>
    public static int Read(string path, string[] lines, int start, string distro, List<BaselineColumn> columns, List<BaselineRow> rows, List<string> warnings)
    {
        var end = start + 2;
        while (end < lines.Length && lines[end].TrimStart().StartsWith('|')) end++;
        var header = MarkdownTableRow.Split(lines[start]).Skip(2).Select(c => MarkdownTableRow.Clean(c.Text)).ToList();
        var availability = Availability(lines, start + 2, end, header.Count);
        var taken = columns.Select(c => c.Target).ToHashSet(StringComparer.Ordinal);
        var table = header.Select((label, c) => new BaselineColumn(label, ColumnTargets.Unique(ColumnTargets.Of(distro, label, availability[c]), taken), availability[c])).ToList();
        columns.AddRange(table);

        var tableRows = new List<BaselineRow>();
        BaselineRow? core = null;
        for (var i = start + 2; i < end; i++)
        {
            var cells = MarkdownTableRow.Split(lines[i]);
            var name = MarkdownTableRow.Clean(cells[0].Text);
            if (IsAvailability(name)) continue;
            var isGroup = GroupNames.Contains(FeatureNames.Normalize(name));
            if (isGroup && FeatureNames.Normalize(name) != CoreName) continue; // a group heading (Networking, Storage…): no marks of its own
            var feature = isGroup ? null : FeatureCatalog.FindByName(name);
            if (!isGroup && feature is null)
            {
                warnings.Add($"{path}:{i + 1}:{cells[0].Column}: row '{TextEscaping.Cap(name, 80)}' matches no feature of the catalog (name or alias); skipped. Add the spelling to the feature's aliases if it is one.");
                continue;
            }

            if (cells.Count - 2 != table.Count)
            {
                warnings.Add($"{path}:{i + 1}: row '{TextEscaping.Cap(name, 80)}' has {Math.Max(0, cells.Count - 2)} release cells, the header has {table.Count}; "
                    + (cells.Count - 2 < table.Count ? "missing cells read as blank." : "extra cells ignored."));
            }

            var hosts = cells.Count > 1 ? MarkdownTableRow.Clean(cells[1].Text) : "";
            var rowCells = table.Select((col, c) => c + 2 < cells.Count
                ? ParseCell(path, i + 1, cells[c + 2], col.Target)
                : new BaselineCell(col.Target, BaselineMark.NotSupported, [], Missing: true)).ToList();
            var row = new BaselineRow(feature?.Id ?? "", name, hosts, i + 1, rowCells);
            if (feature is null) core = row;
            else tableRows.Add(row);
        }

        if (core is not null)
        {
            var named = tableRows.Select(r => r.FeatureId).ToHashSet(StringComparer.Ordinal);
            tableRows.InsertRange(0, FeatureCatalog.All.Where(f => f.Group == FeatureGroup.Core && !named.Contains(f.Id)).Select(f => core with { FeatureId = f.Id }));
        }

        rows.AddRange(tableRows);
        return end - 1;
    }

    private static bool IsAvailability(string name) =>
        name.Equals("Availability", StringComparison.OrdinalIgnoreCase) || name.Equals("LIS Availability", StringComparison.OrdinalIgnoreCase);

    private static string[] Availability(string[] lines, int from, int end, int count)
    {
        var values = Enumerable.Repeat("", count).ToArray();
        for (var i = from; i < end; i++)
        {
            var cells = MarkdownTableRow.Split(lines[i]);
            if (cells.Count == 0 || !IsAvailability(MarkdownTableRow.Clean(cells[0].Text))) continue;
            for (var c = 0; c < count; c++) values[c] = c + 2 < cells.Count ? MarkdownTableRow.Clean(cells[c + 2].Text) : "";
            break;
        }

        return values;
    }

    private static BaselineCell ParseCell(string path, int line, (string Text, int Column) cell, string target)
    {
        var text = MarkdownTableRow.Clean(cell.Text);
        var notes = NoteRef().Match(text) is { Success: true } m
            ? Numbers().Matches(m.Groups[1].Value).Select(n => PageNotes.Number(path, line - 1, n.Value, cell.Column)).ToList()
            : [];
        var mark = NoteRef().Replace(text, "").Trim();
        return mark switch
        {
            "" => new BaselineCell(target, BaselineMark.NotSupported, notes),
            "✔" or "✓" or "Yes" or "yes" => new BaselineCell(target, BaselineMark.Supported, notes),
            _ when mark.Equals("N/A", StringComparison.OrdinalIgnoreCase) || mark.Equals("NA", StringComparison.OrdinalIgnoreCase)
                => new BaselineCell(target, BaselineMark.NotApplicable, notes),
            _ => throw new ReportInputException(path, line, cell.Column,
                $"cell '{TextEscaping.Cap(text, 80)}' is not ✔ (or &#10004;), blank, N/A or '✔ Note N'; correct the page or report the new notation."),
        };
    }

    [GeneratedRegex(@"\(?\bNotes?\s*([\d,\s&and]+)\)?", RegexOptions.IgnoreCase)]
    private static partial Regex NoteRef();

    [GeneratedRegex(@"\d+")]
    private static partial Regex Numbers();
}
