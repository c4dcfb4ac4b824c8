using System.Net;
using System.Text;
using System.Text.RegularExpressions;

namespace HvCert.Baselines;

/// <summary>Splits and cleans Markdown table rows as Microsoft's pages write them (bold, links, entities, escaped pipes).</summary>
internal static partial class MarkdownTableRow
{
    /// <summary>The raw cells of a row (outer pipes removed, <c>\|</c> kept inside a cell), with each cell's 1-based column.</summary>
    public static List<(string Text, int Column)> Split(string line)
    {
        var cells = new List<(string, int)>();
        var trimmed = line.TrimEnd();
        var start = trimmed.IndexOf('|') + 1;
        var sb = new StringBuilder();
        var cellStart = start;
        for (var i = start; i < trimmed.Length; i++)
        {
            if (trimmed[i] == '\\' && i + 1 < trimmed.Length && trimmed[i + 1] == '|')
            {
                sb.Append('|');
                i++;
            }
            else if (trimmed[i] == '|')
            {
                cells.Add((sb.ToString(), cellStart + 1));
                sb.Clear();
                cellStart = i + 1;
            }
            else
            {
                sb.Append(trimmed[i]);
            }
        }

        if (sb.ToString().Trim().Length > 0)
        {
            cells.Add((sb.ToString(), cellStart + 1)); // a row without its closing pipe
        }

        return cells;
    }

    public static bool IsSeparator(string line) =>
        line.TrimStart().StartsWith('|') && Split(line).All(c => SeparatorCell().IsMatch(c.Text.Trim()));

    public static bool IsBold(string cell) => cell.Trim().StartsWith("**", StringComparison.Ordinal) || cell.Trim().StartsWith("__", StringComparison.Ordinal);

    /// <summary>Plain text: links become their text, bold/italics, HTML tags and Markdown backslash escapes go, entities (&amp;#10004;) are decoded.</summary>
    public static string Clean(string cell)
    {
        var text = Link().Replace(cell, "$1");
        text = Tag().Replace(text, " ");
        text = text.Replace("**", "", StringComparison.Ordinal).Replace("__", "", StringComparison.Ordinal);
        text = Escape().Replace(text, "$1"); // "\>256 vCPUs" is ">256 vCPUs"
        text = WebUtility.HtmlDecode(text).Replace('\u00A0', ' ').Replace("\u2714\uFE0F", "\u2714", StringComparison.Ordinal);
        return Spaces().Replace(text, " ").Trim();
    }

    [GeneratedRegex(@"^:?-+:?$")]
    private static partial Regex SeparatorCell();

    [GeneratedRegex(@"\[([^\]]*)\]\([^)]*\)")]
    private static partial Regex Link();

    [GeneratedRegex(@"<[^>]+>")]
    private static partial Regex Tag();

    [GeneratedRegex(@"\\([\\`*_{}\[\]()#+\-.!<>|])")]
    private static partial Regex Escape();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Spaces();
}
