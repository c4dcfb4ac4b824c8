using System.Globalization;
using System.Text.RegularExpressions;

namespace HvCert.Suites;

/// <summary>Timeouts are written like <c>90s</c>, <c>5m</c>, <c>1h</c> or <c>1m30s</c>.</summary>
public static partial class Durations
{
    public const string Example = "180s, 5m or 1m30s";

    /// <summary>The longest timeout accepted (<see cref="HvCert.Validation.InputLimits.MaxDuration"/>), as the error names it.</summary>
    public static string Limit => $"{(long)HvCert.Validation.InputLimits.MaxDuration.TotalHours}h (7 days)";

    /// <summary>
    /// Parses a positive duration no longer than <see cref="HvCert.Validation.InputLimits.MaxDuration"/>. Each part is read
    /// with checked arithmetic (a 20-digit hour count or 2^63 seconds is refused, never an OverflowException).
    /// <paramref name="tooLong"/> is true when the text has the right shape but exceeds the limit.
    /// </summary>
    public static bool TryParse(string text, out TimeSpan value, out bool tooLong)
    {
        value = TimeSpan.Zero;
        tooLong = false;
        var match = Shape().Match(text.Trim());
        if (!match.Success || text.Trim().Length == 0)
        {
            return false;
        }

        var max = (decimal)HvCert.Validation.InputLimits.MaxDuration.TotalSeconds;
        decimal seconds = 0;
        foreach (var (name, factor) in new[] { ("h", 3600m), ("m", 60m), ("s", 1m) })
        {
            var g = match.Groups[name];
            if (!g.Success)
            {
                continue;
            }

            // Longer than 12 digits is beyond 7 days in any unit; decimal holds 12 digits times 3600 exactly.
            if (g.Value.TrimStart('0').Length > 12)
            {
                tooLong = true;
                return false;
            }

            seconds += decimal.Parse(g.Value, NumberStyles.None, CultureInfo.InvariantCulture) * factor;
        }

        if (seconds > max)
        {
            tooLong = true;
            return false;
        }

        value = TimeSpan.FromSeconds((double)seconds);
        return value > TimeSpan.Zero;
    }

    public static bool TryParse(string text, out TimeSpan value) => TryParse(text, out value, out _);

    /// <summary>Seconds, the form probes parse back (e.g. "180s").</summary>
    public static string Format(TimeSpan value) =>
        ((long)Math.Ceiling(value.TotalSeconds)).ToString(CultureInfo.InvariantCulture) + "s";

    [GeneratedRegex(@"^(?:(?<h>\d+)h)?(?:(?<m>\d+)m)?(?:(?<s>\d+)s)?$")]
    private static partial Regex Shape();
}
