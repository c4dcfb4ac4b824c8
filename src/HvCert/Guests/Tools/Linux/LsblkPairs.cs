using System.Text.RegularExpressions;

namespace HvCert.Guests.Tools.Linux;

/// <summary>`lsblk -P` output: one line per device of KEY="value" pairs (values may contain spaces).</summary>
internal static partial class LsblkPairs
{
    public static IReadOnlyList<IReadOnlyDictionary<string, string>> Parse(string text) =>
        text.Split('\n')
            .Where(l => l.Contains('='))
            .Select(l => (IReadOnlyDictionary<string, string>)Pair().Matches(l)
                .ToDictionary(m => m.Groups[1].Value, m => m.Groups[2].Value.Trim(), StringComparer.Ordinal))
            .ToList();

    [GeneratedRegex("([A-Z0-9:_-]+)=\"([^\"]*)\"")]
    private static partial Regex Pair();
}
