using System.Text.RegularExpressions;

namespace HvCert.Guests.Tools.Linux;

/// <summary>One lsblk row: its column values by header name (NAME, SIZE, DISC-GRAN, …). Tree glyphs are stripped from NAME.</summary>
internal sealed record LsblkRow(IReadOnlyDictionary<string, string> Columns)
{
    public string Name => Get("NAME") ?? string.Empty;

    public string? Get(string column) => Columns.TryGetValue(column, out var v) ? v : null;

    public long? Long(string column) => ToolText.Long(Get(column));
}

/// <summary>
/// lsblk in either of its two machine-usable forms: <c>-P</c> (KEY="value" pairs, safe with empty columns) or the
/// default table with a header (as people paste <c>lsblk -D</c> / <c>lsblk -b</c>). Use -P in probes; the table form
/// splits on whitespace, so a table row with an empty middle column is dropped rather than misread.
/// </summary>
internal static partial class LsblkParser
{
    public static IReadOnlyList<LsblkRow> Parse(string text)
    {
        var lines = ToolText.Lines(text).Where(l => l.Trim().Length > 0).ToList();
        if (lines.Count == 0)
        {
            return [];
        }

        return lines.Any(l => Pair().IsMatch(l)) ? ParsePairs(lines) : ParseTable(lines);
    }

    private static List<LsblkRow> ParsePairs(List<string> lines)
    {
        var rows = new List<LsblkRow>();
        foreach (var line in lines)
        {
            var cols = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (Match m in Pair().Matches(line))
            {
                // lsblk -P may rename columns with '-' to '_' (newer util-linux); keep the header spelling.
                cols[m.Groups[1].Value.Replace('_', '-')] = m.Groups[2].Value;
            }

            if (cols.ContainsKey("NAME"))
            {
                rows.Add(new LsblkRow(cols));
            }
        }

        return rows;
    }

    private static List<LsblkRow> ParseTable(List<string> lines)
    {
        var header = lines[0].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (!header.Contains("NAME"))
        {
            return [];
        }

        var rows = new List<LsblkRow>();
        foreach (var line in lines.Skip(1))
        {
            var cells = TreeGlyphs().Replace(line, " ").Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (cells.Length != header.Length)
            {
                continue;
            }

            rows.Add(new LsblkRow(header.Zip(cells).ToDictionary(p => p.First, p => p.Second, StringComparer.Ordinal)));
        }

        return rows;
    }

    [GeneratedRegex("([A-Z][A-Z0-9:_-]*)=\"([^\"]*)\"")]
    private static partial Regex Pair();

    [GeneratedRegex("[├└│─`|]-?")]
    private static partial Regex TreeGlyphs();
}
