using System.Text.RegularExpressions;
using HvCert.Catalog;
using HvCert.Reporting;

namespace HvCert.Baselines;

/// <summary>
/// Reads one of Microsoft's "Supported … virtual machines on Hyper-V" pages: front matter, the feature table(s) with an
/// Availability row, bold group rows, ✔ / &amp;#10004; / "✔ Note 3, 4" / blank / N/A cells, short rows, and the Notes list.
/// Feature rows are matched through the catalog's aliases; rows it cannot match are reported with file:line, not dropped silently.
/// </summary>
public static partial class MicrosoftPageImporter
{
    private static readonly HashSet<string> GroupNames =
        Enum.GetValues<FeatureGroup>().Select(g => FeatureNames.Normalize(g.Display())).ToHashSet(StringComparer.Ordinal);

    /// <exception cref="ReportInputException">A cell or header the importer cannot read (file:line:column).</exception>
    public static BaselinePage Import(string path, string text, List<string> warnings)
    {
        var lines = text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
        var (frontMatter, body) = FrontMatter(lines);
        var title = frontMatter.GetValueOrDefault("title") ?? lines.Skip(body).FirstOrDefault(l => l.StartsWith("# ", StringComparison.Ordinal))?[2..].Trim()
            ?? throw new ReportInputException(path, 1, 1, "no title: expected front matter 'title:' or a '# ' heading naming the distro.");
        var distro = DistroOf(title);
        var columns = new List<BaselineColumn>();
        var rows = new List<BaselineRow>();
        var notes = new Dictionary<int, string>();
        var inNotes = false;
        for (var i = body; i < lines.Length; i++)
        {
            var line = lines[i];
            if (IsHeader(lines, i))
            {
                i = ReadTable(path, lines, i, distro, columns, rows, warnings);
                continue;
            }

            if (NotesHeading().IsMatch(line)) { inNotes = true; continue; }
            if (inNotes && NoteItem().Match(line) is { Success: true } m)
            {
                notes[int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture)] = MarkdownTableRow.Clean(m.Groups[2].Value);
            }
        }

        if (rows.Count == 0)
        {
            throw new ReportInputException(path, body + 1, 1, "no feature table found: expected a row '| Feature | Windows Server version | <release> |' followed by '|-|-|…'.");
        }

        return new BaselinePage(title, path, distro, columns, rows, notes);
    }

    private static bool IsHeader(string[] lines, int i) =>
        lines[i].TrimStart().StartsWith('|') && i + 1 < lines.Length && MarkdownTableRow.IsSeparator(lines[i + 1])
        && MarkdownTableRow.Split(lines[i]) is { Count: >= 3 } cells && MarkdownTableRow.Clean(cells[0].Text).Equals("Feature", StringComparison.OrdinalIgnoreCase);

    /// <summary>Reads a table from its header at <paramref name="start"/>; returns the index of its last line.</summary>
    private static int ReadTable(string path, string[] lines, int start, string distro, List<BaselineColumn> columns, List<BaselineRow> rows, List<string> warnings)
    {
        var header = MarkdownTableRow.Split(lines[start]).Skip(2).Select(c => MarkdownTableRow.Clean(c.Text)).ToList();
        var tableColumns = header.Select(label => new BaselineColumn(label, TargetOf(distro, label), "")).ToList();
        var i = start + 2;
        for (; i < lines.Length && lines[i].TrimStart().StartsWith('|'); i++)
        {
            var cells = MarkdownTableRow.Split(lines[i]);
            var name = MarkdownTableRow.Clean(cells[0].Text);
            if (name.Equals("Availability", StringComparison.OrdinalIgnoreCase))
            {
                for (var c = 0; c < tableColumns.Count; c++)
                    tableColumns[c] = tableColumns[c] with { Availability = c + 2 < cells.Count ? MarkdownTableRow.Clean(cells[c + 2].Text) : "" };
                continue;
            }

            if (MarkdownTableRow.IsBold(cells[0].Text) && GroupNames.Contains(FeatureNames.Normalize(name)))
            {
                continue; // a group row (Core, Networking…): its marks summarise the group, the feature rows carry the data
            }

            var feature = FeatureCatalog.FindByName(name);
            if (feature is null)
            {
                warnings.Add($"{path}:{i + 1}:{cells[0].Column}: row '{name}' matches no feature of the catalog (name or alias); skipped. Add the spelling to the feature's aliases if it is one.");
                continue;
            }

            if (cells.Count - 2 != tableColumns.Count)
            {
                warnings.Add($"{path}:{i + 1}: row '{name}' has {Math.Max(0, cells.Count - 2)} release cells, the header has {tableColumns.Count}; "
                    + (cells.Count - 2 < tableColumns.Count ? "missing cells read as blank." : "extra cells ignored."));
            }

            var hosts = cells.Count > 1 ? MarkdownTableRow.Clean(cells[1].Text) : "";
            var rowCells = tableColumns.Select((col, c) => c + 2 < cells.Count
                ? ParseCell(path, i + 1, cells[c + 2], col.Target)
                : new BaselineCell(col.Target, BaselineMark.NotSupported, [], Missing: true)).ToList();
            rows.Add(new BaselineRow(feature.Id, name, hosts, i + 1, rowCells));
        }

        columns.AddRange(tableColumns.Where(t => columns.All(c => c.Target != t.Target)));
        return i - 1;
    }

    private static BaselineCell ParseCell(string path, int line, (string Text, int Column) cell, string target)
    {
        var text = MarkdownTableRow.Clean(cell.Text);
        var notes = NoteRef().Match(text) is { Success: true } m
            ? Numbers().Matches(m.Groups[1].Value).Select(n => int.Parse(n.Value, System.Globalization.CultureInfo.InvariantCulture)).ToList()
            : [];
        var mark = NoteRef().Replace(text, "").Trim();
        return mark switch
        {
            "" => new BaselineCell(target, BaselineMark.NotSupported, notes),
            "✔" or "✓" or "Yes" or "yes" => new BaselineCell(target, BaselineMark.Supported, notes),
            _ when mark.Equals("N/A", StringComparison.OrdinalIgnoreCase) || mark.Equals("NA", StringComparison.OrdinalIgnoreCase)
                => new BaselineCell(target, BaselineMark.NotApplicable, notes),
            _ => throw new ReportInputException(path, line, cell.Column,
                $"cell '{text}' is not ✔ (or &#10004;), blank, N/A or '✔ Note N'; correct the page or report the new notation."),
        };
    }

    private static (Dictionary<string, string> Values, int BodyStart) FrontMatter(string[] lines)
    {
        var values = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        if (lines.Length == 0 || lines[0].Trim() != "---") return (values, 0);
        for (var i = 1; i < lines.Length; i++)
        {
            if (lines[i].Trim() == "---") return (values, i + 1);
            var colon = lines[i].IndexOf(':');
            if (colon > 0) values[lines[i][..colon].Trim()] = lines[i][(colon + 1)..].Trim().Trim('"', '\'');
        }

        return (values, 0); // an unterminated front matter block is read as body
    }

    /// <summary>"Supported Ubuntu virtual machines on Hyper-V" → ubuntu; "… CentOS and Red Hat Enterprise Linux …" → centos.</summary>
    private static string DistroOf(string title)
    {
        var m = DistroInTitle().Match(title);
        var name = m.Success ? m.Groups[1].Value : title;
        return name.Split(' ', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault()?.ToLowerInvariant() ?? "unknown";
    }

    /// <summary>"12 (bookworm)" → debian-12, "24.04 LTS" → ubuntu-24.04, "14.0-14.x" → freebsd-14, "10.0-10.3" → debian-10.</summary>
    public static string TargetOf(string distro, string label)
    {
        var version = Version().Match(label);
        if (!version.Success) return $"{distro}-{FeatureNames.Normalize(label)}";
        var v = version.Value;
        while (v.EndsWith(".0", StringComparison.Ordinal)) v = v[..^2];
        return $"{distro}-{v}";
    }

    [GeneratedRegex(@"^\s*(?:#+\s*|\*\*)Notes?\b", RegexOptions.IgnoreCase)]
    private static partial Regex NotesHeading();

    [GeneratedRegex(@"^\s*(\d+)\.\s+(.*)$")]
    private static partial Regex NoteItem();

    [GeneratedRegex(@"\(?\bNotes?\s*([\d,\s&and]+)\)?", RegexOptions.IgnoreCase)]
    private static partial Regex NoteRef();

    [GeneratedRegex(@"\d+")]
    private static partial Regex Numbers();

    [GeneratedRegex(@"\d+(?:\.\d+)*")]
    private static partial Regex Version();

    [GeneratedRegex(@"Supported\s+(.+?)\s+virtual machines", RegexOptions.IgnoreCase)]
    private static partial Regex DistroInTitle();
}
