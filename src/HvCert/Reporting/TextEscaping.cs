using System.Text;

namespace HvCert.Reporting;

/// <summary>
/// Escaping for text that may come from a guest (untrusted). Every renderer goes through here; nothing a guest printed
/// reaches an output verbatim.
/// </summary>
public static class TextEscaping
{
    public const int DefaultCap = 16 * 1024;

    /// <summary>Cuts <paramref name="text"/> to <paramref name="cap"/> characters, saying how much was dropped.</summary>
    public static string Cap(string? text, int cap = DefaultCap)
    {
        if (string.IsNullOrEmpty(text))
        {
            return "";
        }

        return text.Length <= cap ? text : string.Concat(text.AsSpan(0, cap), $"\n[… {text.Length - cap} more characters cut by hvcert]");
    }

    /// <summary>One Markdown table cell's worth of text: one line, Markdown and HTML specials escaped, pipes escaped.</summary>
    public static string Markdown(string? text, int cap = 2000)
    {
        var sb = new StringBuilder();
        foreach (var ch in Cap(text, cap))
        {
            switch (ch)
            {
                case '&': sb.Append("&amp;"); break;
                case '<': sb.Append("&lt;"); break;
                case '>': sb.Append("&gt;"); break;
                case '|': sb.Append("\\|"); break;
                case '\r': break;
                case '\n': case '\t': sb.Append(' '); break;
                case '\\' or '`' or '*' or '_' or '[' or ']' or '#' or '~':
                    sb.Append('\\').Append(ch);
                    break;
                default:
                    if (!char.IsControl(ch)) sb.Append(ch);
                    break;
            }
        }

        return sb.ToString();
    }

    public static string Html(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return "";
        }

        var sb = new StringBuilder(text.Length + 16);
        AppendHtml(sb, text);
        return sb.ToString();
    }

    public static void AppendHtml(StringBuilder sb, string text)
    {
        foreach (var ch in text)
        {
            switch (ch)
            {
                case '&': sb.Append("&amp;"); break;
                case '<': sb.Append("&lt;"); break;
                case '>': sb.Append("&gt;"); break;
                case '"': sb.Append("&quot;"); break;
                case '\'': sb.Append("&#39;"); break;
                case '\n' or '\t' or '\r': sb.Append(ch); break;
                default:
                    if (NeedsEscape(ch)) sb.Append(Visible(ch.ToString()));
                    else sb.Append(ch);
                    break;
            }
        }
    }

    /// <summary>
    /// Makes every control character and bidirectional override visible as an escape (<c>\x1b</c>, <c>\u202e</c>), so a
    /// guest's or a file's text can neither drive a terminal (ESC/OSC/BEL sequences) nor reorder what a reader sees
    /// (Trojan Source). With <paramref name="keepLayout"/> (command output), line feeds, tabs and CR+LF stay as they are.
    /// </summary>
    public static string Visible(string? text, bool keepLayout = false)
    {
        if (string.IsNullOrEmpty(text))
        {
            return "";
        }

        if (!text.Any(ch => NeedsEscape(ch) && !(keepLayout && ch is '\n' or '\t' or '\r')))
        {
            return text;
        }

        var sb = new StringBuilder(text.Length + 16);
        for (var i = 0; i < text.Length; i++)
        {
            var ch = text[i];
            if (keepLayout && (ch is '\n' or '\t' || (ch == '\r' && i + 1 < text.Length && text[i + 1] == '\n')))
            {
                sb.Append(ch);
            }
            else if (NeedsEscape(ch))
            {
                sb.Append(ch <= 0xFF ? $"\\x{(int)ch:x2}" : $"\\u{(int)ch:x4}");
            }
            else
            {
                sb.Append(ch);
            }
        }

        return sb.ToString();
    }

    /// <summary>C0 and C1 controls (tab included: it moves the cursor), DEL, and bidi embeddings, overrides, isolates and marks.</summary>
    public static bool NeedsEscape(char ch) =>
        ch < 0x20 || (ch >= 0x7F && ch <= 0x9F)
        || ch is '\u061C' or '\u200E' or '\u200F' or (>= '\u202A' and <= '\u202E') or (>= '\u2066' and <= '\u2069');

    /// <summary>Drops characters XML 1.0 cannot carry at all (most control characters, lone surrogates).</summary>
    public static string XmlSafe(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return "";
        }

        var sb = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            var ch = text[i];
            if (char.IsHighSurrogate(ch) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                sb.Append(ch).Append(text[++i]);
            }
            else if (ch is '\t' or '\n' or '\r' || (ch >= 0x20 && ch <= 0xD7FF) || (ch >= 0xE000 && ch <= 0xFFFD))
            {
                sb.Append(ch);
            }
            else
            {
                sb.Append('\uFFFD');
            }
        }

        return sb.ToString();
    }
}
