namespace HvCert.Validation;

/// <summary>
/// The limits every file hvcert reads is held to, so no input (hand-written, generated or hostile) can exhaust memory,
/// the stack or the terminal. Each refusal names the limit, so a user knows what to change.
/// </summary>
public static class InputLimits
{
    /// <summary>A suite, matrix, inventory, baseline or Microsoft page (the largest shipped file is under 40 KB).</summary>
    public const long MaxTextFileBytes = 8L * 1024 * 1024;

    /// <summary>Default cap for one evidence.jsonl; <c>HVCERT_MAX_EVIDENCE_MB</c> raises or lowers it.</summary>
    public const long DefaultMaxEvidenceBytes = 1024L * 1024 * 1024;

    /// <summary>Nesting of lists and mappings; the deepest shipped file nests 5 levels.</summary>
    public const int MaxYamlDepth = 64;

    /// <summary>Nodes a YAML document may expand to once aliases are followed (a full suite expands to ~300).</summary>
    public const int MaxYamlNodes = 100_000;

    /// <summary>Problems printed before "and N more".</summary>
    public const int MaxPrintedErrors = 50;

    /// <summary>The longest duration (timeouts) any input may name.</summary>
    public static readonly TimeSpan MaxDuration = TimeSpan.FromDays(7);

    /// <summary>The largest note number a baseline page or file may cite (Microsoft's pages have fewer than 30).</summary>
    public const int MaxNoteNumber = 999;

    /// <summary>
    /// A whole number of plain digits in [<paramref name="min"/>, <paramref name="max"/>], read without overflow
    /// (<c>99999999999999999999</c> is simply out of range).
    /// </summary>
    public static bool TryReadBounded(string text, int min, int max, out int value)
    {
        value = 0;
        var digits = text.Trim();
        if (digits.Length == 0 || digits.Length > 9 || !digits.All(char.IsAsciiDigit))
        {
            return false;
        }

        value = int.Parse(digits, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture);
        return value >= min && value <= max;
    }

    public static long MaxEvidenceBytes =>
        long.TryParse(Environment.GetEnvironmentVariable("HVCERT_MAX_EVIDENCE_MB"), out var mb) && mb is > 0 and < 1024L * 1024
            ? mb * 1024 * 1024
            : DefaultMaxEvidenceBytes;

    public static string Megabytes(long bytes) => $"{bytes / (1024.0 * 1024):0.#} MB";

    /// <summary>A diagnostic when <paramref name="path"/> is larger than <paramref name="cap"/>, else null.</summary>
    public static Diagnostic? CheckSize(string path, string what, long cap, string fix = "")
    {
        var length = new FileInfo(path).Length;
        return length <= cap
            ? null
            : new Diagnostic(path, 1, 1, $"the {what} file is {Megabytes(length)}; hvcert reads at most {Megabytes(cap)} per {what} file.",
                fix.Length > 0 ? fix : $"check that this is the right file; a {what} is normally a few KB.");
    }

    /// <summary>
    /// The first character no text input may hold (NUL and other C0/C1 controls except tab, CR and LF; U+FFFE/U+FFFF;
    /// lone surrogates), as a 1-based line and column, or null.
    /// </summary>
    public static (int Line, int Column, string Shown)? FindControlCharacter(string text)
    {
        var line = 1;
        var column = 1;
        for (var i = 0; i < text.Length; i++)
        {
            var ch = text[i];
            if (ch == '\n')
            {
                line++;
                column = 1;
                continue;
            }

            var bad = (ch < 0x20 && ch is not ('\t' or '\r')) || (ch >= 0x7F && ch <= 0x9F) || ch is '\uFFFE' or '\uFFFF'
                || (char.IsHighSurrogate(ch) && (i + 1 >= text.Length || !char.IsLowSurrogate(text[i + 1])))
                || (char.IsLowSurrogate(ch) && (i == 0 || !char.IsHighSurrogate(text[i - 1])));
            if (bad)
            {
                return (line, column, HvCert.Reporting.TextEscaping.Visible(ch.ToString()));
            }

            column++;
        }

        return null;
    }

    /// <summary>Reads a text input file after the size check; a problem becomes an <see cref="InputException"/>.</summary>
    public static string ReadText(string path, string what, long cap = MaxTextFileBytes)
    {
        if (CheckSize(path, what, cap) is { } tooBig)
        {
            throw new InputException([tooBig]);
        }

        var text = File.ReadAllText(path);
        if (FindControlCharacter(text) is { } bad)
        {
            throw new InputException([new Diagnostic(path, bad.Line, bad.Column,
                $"the {what} file holds the control character {bad.Shown}; text inputs may not contain NUL or other control characters.",
                "remove it (a file padded with NUL bytes was usually cut or copied badly).")]);
        }

        return text;
    }
}
