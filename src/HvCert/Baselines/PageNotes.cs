using System.Globalization;
using System.Text.RegularExpressions;
using HvCert.Reporting;

namespace HvCert.Baselines;

/// <summary>
/// The Notes list of a page. Numbered as the page renders it (CommonMark): the first item's number starts the list and
/// each later item counts on, so "1. 1. 1." (how the current Debian, Ubuntu and FreeBSD pages write it) is notes 1, 2, 3.
/// Only unindented items count: an indented "1." is a step inside a note, not a new note.
/// </summary>
internal static partial class PageNotes
{
    /// <summary>Above this a note number is not a note number (and could not be counted on without overflow).</summary>
    public const int MaxNote = 10_000;

    public static Dictionary<int, string> Read(string path, string[] lines, int body, List<string> warnings)
    {
        var notes = new Dictionary<int, string>();
        var inNotes = false;
        int? next = null;
        for (var i = body; i < lines.Length; i++)
        {
            var line = lines[i];
            if (line.StartsWith('#') || BoldHeading().IsMatch(line))
            {
                inNotes = NotesTitle().IsMatch(MarkdownTableRow.Clean(line.TrimStart('#')));
                next = null;
                continue;
            }

            if (!inNotes || line.Trim().Length == 0 || char.IsWhiteSpace(line[0])) continue; // continuation or nested step
            if (Item().Match(line) is not { Success: true } m)
            {
                inNotes = false; // a paragraph ends the list
                continue;
            }

            var number = next ?? Number(path, i, m.Groups[1].Value);
            notes[number] = MarkdownTableRow.Clean(m.Groups[2].Value);
            next = number + 1;
        }

        return notes;
    }

    /// <summary>A note number as written, refused (not overflowed) when it is out of range.</summary>
    public static int Number(string path, int lineIndex, string digits, int column = 1) =>
        digits.Length <= 9 && int.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n is > 0 and <= MaxNote
            ? n
            : throw new ReportInputException(path, lineIndex + 1, column, $"note number '{TextEscaping.Cap(digits, 20)}' is out of range (1-{MaxNote}); correct the page.");

    [GeneratedRegex(@"^\s*Notes?\b", RegexOptions.IgnoreCase)]
    private static partial Regex NotesTitle();

    [GeneratedRegex(@"^\*\*[^*]+\*\*\s*:?\s*$")]
    private static partial Regex BoldHeading();

    [GeneratedRegex(@"^(\d+)[.)]\s+(.*)$")]
    private static partial Regex Item();
}
