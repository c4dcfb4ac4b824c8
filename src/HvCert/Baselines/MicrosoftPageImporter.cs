using System.Text.RegularExpressions;
using HvCert.Reporting;

namespace HvCert.Baselines;

/// <summary>
/// Reads one of Microsoft's "Supported … virtual machines on Hyper-V" pages: front matter, every feature table (one per
/// release series on the Red Hat and Oracle pages), its Availability row, and the Notes list (<see cref="PageTable"/>,
/// <see cref="PageNotes"/>). Rows it cannot match are reported with file:line, not dropped silently.
/// </summary>
public static partial class MicrosoftPageImporter
{
    /// <exception cref="ReportInputException">A cell, header or note the importer cannot read (file:line:column).</exception>
    public static BaselinePage Import(string path, string text, List<string> warnings)
    {
        var lines = text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
        var start = SkipLeadingComments(lines);
        var (frontMatter, body) = FrontMatter(lines, start);
        var heading = lines.Skip(body).FirstOrDefault(l => l.StartsWith("# ", StringComparison.Ordinal))?[2..].Trim();
        var title = frontMatter.GetValueOrDefault("title") ?? heading
            ?? throw new ReportInputException(path, start + 1, 1, "no title: expected front matter 'title:' or a '# ' heading naming the distro.");
        var distro = DistroOf(heading ?? title);
        var columns = new List<BaselineColumn>();
        var rows = new List<BaselineRow>();
        for (var i = body; i < lines.Length; i++)
        {
            if (PageTable.IsHeader(lines, i))
            {
                i = PageTable.Read(path, lines, i, distro, columns, rows, warnings);
            }
        }

        if (rows.Count == 0)
        {
            throw new ReportInputException(path, body + 1, 1, "no feature table found: expected a row '| Feature | Windows Server version | <release> |' followed by '|-|-|…'.");
        }

        return new BaselinePage(title, path, distro, columns, rows, PageNotes.Read(path, lines, body, warnings));
    }

    /// <summary>"12 (bookworm)" → debian-12-bookworm, "7.5-7.7" with LIS → centos-7.5-7.7-lis, "SLES 15 SP1-SP4" → sles-15-sp1-sp4.</summary>
    public static string TargetOf(string distro, string label, string availability = "") => ColumnTargets.Of(distro, label, availability);

    /// <summary>A saved copy may start with an HTML comment naming where it came from; the front matter follows it.</summary>
    private static int SkipLeadingComments(string[] lines)
    {
        var i = 0;
        while (i < lines.Length)
        {
            var line = lines[i].Trim();
            if (line.Length > 0 && !line.StartsWith("<!--", StringComparison.Ordinal)) break;
            while (line.Length > 0 && i < lines.Length && !lines[i].Contains("-->", StringComparison.Ordinal)) i++;
            i++;
        }

        return Math.Min(i, lines.Length);
    }

    private static (Dictionary<string, string> Values, int BodyStart) FrontMatter(string[] lines, int start)
    {
        var values = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        if (start >= lines.Length || lines[start].Trim() != "---") return (values, start);
        for (var i = start + 1; i < lines.Length; i++)
        {
            if (lines[i].Trim() == "---") return (values, i + 1);
            var colon = lines[i].IndexOf(':');
            if (colon > 0) values[lines[i][..colon].Trim()] = lines[i][(colon + 1)..].Trim().Trim('"', '\'');
        }

        return (new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase), start); // unterminated: read as body
    }

    /// <summary>
    /// "Supported Ubuntu virtual machines on Hyper-V" → ubuntu; "… CentOS and Red Hat Enterprise Linux …" → centos. Only
    /// letters and digits survive, so a title can never put a path or markup into a target id.
    /// </summary>
    private static string DistroOf(string title)
    {
        var m = DistroInTitle().Match(title);
        var name = m.Success ? m.Groups[1].Value : title;
        var word = name.Split(' ', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault() ?? "";
        var id = new string(word.Where(char.IsAsciiLetterOrDigit).Select(char.ToLowerInvariant).ToArray());
        return id.Length == 0 ? "unknown" : id[..Math.Min(id.Length, 32)];
    }

    [GeneratedRegex(@"Supported\s+(.+?)\s+virtual machines", RegexOptions.IgnoreCase)]
    private static partial Regex DistroInTitle();
}
