using System.Globalization;
using System.Text.RegularExpressions;

namespace HvCert.Guests.Tools.Linux;

/// <summary>iputils `ping` summary: "3 packets transmitted, 3 received, 0% packet loss", plus local errors ("message too long").</summary>
internal sealed record PingSummary(int Transmitted, int Received, double LossPercent, IReadOnlyList<string> Errors)
{
    public bool AllAnswered => Transmitted > 0 && Received == Transmitted;
}

internal static partial class PingSummaryParser
{
    public static PingSummary? Parse(string text)
    {
        var m = Summary().Match(text);
        if (!m.Success)
        {
            return null;
        }

        var errors = text.Split('\n').Select(l => l.Trim())
            .Where(l => l.Contains("error", StringComparison.OrdinalIgnoreCase) || l.Contains("too long", StringComparison.OrdinalIgnoreCase) || l.StartsWith("From ", StringComparison.Ordinal))
            .Distinct().Take(5).ToList();
        return new PingSummary(int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture), int.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture),
            double.Parse(m.Groups[3].Value, CultureInfo.InvariantCulture), errors);
    }

    [GeneratedRegex(@"(\d+) packets transmitted, (\d+) (?:packets )?received,(?: \+\d+ errors,)?(?: \+\d+ duplicates,)? ([\d.]+)% packet loss")]
    private static partial Regex Summary();
}
