using System.Globalization;
using System.Text.RegularExpressions;

namespace HvCert.Suites;

/// <summary>Timeouts are written like <c>90s</c>, <c>5m</c>, <c>1h</c> or <c>1m30s</c>.</summary>
public static partial class Durations
{
    public const string Example = "180s, 5m or 1m30s";

    public static bool TryParse(string text, out TimeSpan value)
    {
        value = TimeSpan.Zero;
        var match = Shape().Match(text.Trim());
        if (!match.Success || text.Trim().Length == 0)
        {
            return false;
        }

        static double Part(Group g) => g.Success ? double.Parse(g.Value, CultureInfo.InvariantCulture) : 0;
        value = TimeSpan.FromHours(Part(match.Groups["h"])) + TimeSpan.FromMinutes(Part(match.Groups["m"]))
            + TimeSpan.FromSeconds(Part(match.Groups["s"]));
        return value > TimeSpan.Zero;
    }

    /// <summary>Seconds, the form probes parse back (e.g. "180s").</summary>
    public static string Format(TimeSpan value) =>
        ((long)Math.Ceiling(value.TotalSeconds)).ToString(CultureInfo.InvariantCulture) + "s";

    [GeneratedRegex(@"^(?:(?<h>\d+)h)?(?:(?<m>\d+)m)?(?:(?<s>\d+)s)?$")]
    private static partial Regex Shape();
}
