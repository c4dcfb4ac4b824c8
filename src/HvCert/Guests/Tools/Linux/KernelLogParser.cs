using System.Globalization;
using System.Text.RegularExpressions;

namespace HvCert.Guests.Tools.Linux;

/// <summary>One kernel log line with its timestamp (seconds since boot) when dmesg printed one.</summary>
internal sealed record KernelLogLine(double? Seconds, string Message);

/// <summary>
/// Splits <c>dmesg</c> output (with or without "[   12.345678] " stamps) or <c>journalctl -k</c> / syslog lines
/// ("Nov 25 18:02:11 host kernel: [  1.2] msg") into messages. Feature-specific meaning lives in <see cref="KernelLogEvents"/>.
/// </summary>
internal static partial class KernelLogParser
{
    public static IReadOnlyList<KernelLogLine> Parse(string text)
    {
        var lines = new List<KernelLogLine>();
        foreach (var raw in ToolText.Lines(text))
        {
            var line = raw.TrimEnd();
            var kernel = line.IndexOf("kernel: ", StringComparison.Ordinal);
            if (kernel >= 0)
            {
                line = line[(kernel + "kernel: ".Length)..];
            }

            var m = Stamp().Match(line);
            if (m.Success)
            {
                lines.Add(new KernelLogLine(double.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture), line[m.Length..].Trim()));
            }
            else if (line.Trim().Length > 0)
            {
                lines.Add(new KernelLogLine(null, line.Trim()));
            }
        }

        return lines;
    }

    [GeneratedRegex(@"^\s*\[\s*(\d+\.\d+)\]\s?")]
    private static partial Regex Stamp();
}
