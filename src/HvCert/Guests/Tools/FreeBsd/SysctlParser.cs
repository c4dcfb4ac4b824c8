using System.Text.RegularExpressions;

namespace HvCert.Guests.Tools.FreeBsd;

/// <summary>`sysctl name…` output as a name → value map, plus the angle-bracket flag lists some values carry.</summary>
public static partial class SysctlParser
{
    [GeneratedRegex(@"^(?<name>[A-Za-z0-9_.%-]+): ?(?<value>.*)$")]
    private static partial Regex Line();

    [GeneratedRegex(@"<(?<flags>[^>]*)>")]
    private static partial Regex AngleFlags();

    public static IReadOnlyDictionary<string, string> Parse(string text)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var raw in text.Split('\n'))
        {
            var m = Line().Match(raw.TrimEnd('\r'));
            if (m.Success)
            {
                values[m.Groups["name"].Value] = m.Groups["value"].Value.Trim();
            }
        }

        return values;
    }

    /// <summary>Flag names inside <c>&lt;…&gt;</c>, e.g. <c>be&lt;OPEN,CANDELETE&gt;</c> → {OPEN, CANDELETE}.</summary>
    public static IReadOnlySet<string> Flags(string value)
    {
        var m = AngleFlags().Match(value);
        return m.Success
            ? m.Groups["flags"].Value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToHashSet(StringComparer.Ordinal)
            : new HashSet<string>();
    }
}
