using System.Text.RegularExpressions;
using HvCert.HyperV.Cim;

namespace HvCert.Tests.HyperV.Twin;

/// <summary>
/// The WQL the twin understands: <c>SELECT * FROM C [WHERE p = 'v' | p LIKE 'x%' [AND ...]]</c> and
/// <c>ASSOCIATORS OF {path} WHERE AssocClass = A [ResultClass = R]</c> (WQL reference, "ASSOCIATORS OF Statement";
/// LIKE's % and _ wildcards per "LIKE Operator"). Anything else is refused the way WMI refuses it: 0x80041017 Invalid query.
/// </summary>
internal static partial class TwinWql
{
    public sealed record Select(string ClassName, IReadOnlyList<(string Property, bool Like, string Value)> Conditions);

    public sealed record Associators(CimRef Source, string AssocClass, string? ResultClass);

    public static object Parse(string wql)
    {
        var text = wql.Trim();
        if (AssociatorsRegex().Match(text) is { Success: true } a)
        {
            return new Associators(CimRef.ParseWmiPath(a.Groups[1].Value), a.Groups[2].Value, a.Groups[3].Success ? a.Groups[3].Value : null);
        }

        var m = SelectRegex().Match(text);
        if (!m.Success)
        {
            throw Invalid(wql);
        }

        var conditions = new List<(string, bool, string)>();
        if (m.Groups[2].Success)
        {
            foreach (var part in Regex.Split(m.Groups[2].Value, @"\s+AND\s+", RegexOptions.IgnoreCase))
            {
                var c = ConditionRegex().Match(part.Trim());
                if (!c.Success)
                {
                    throw Invalid(wql);
                }

                conditions.Add((c.Groups[1].Value, c.Groups[2].Value.Equals("LIKE", StringComparison.OrdinalIgnoreCase), Unquote(c.Groups[3].Value)));
            }
        }

        return new Select(m.Groups[1].Value, conditions);
    }

    public static bool Matches(CimInstanceData instance, Select query) =>
        query.Conditions.All(c => instance.String(c.Property) is { } actual && (c.Like
            ? Regex.IsMatch(actual, "^" + Regex.Escape(c.Value).Replace("%", ".*", StringComparison.Ordinal).Replace("_", ".", StringComparison.Ordinal) + "$", RegexOptions.IgnoreCase | RegexOptions.Singleline)
            : string.Equals(actual, c.Value, StringComparison.OrdinalIgnoreCase)));

    private static CimGatewayException Invalid(string wql) => new($"WMI error 0x80041017 (Invalid query): {wql}");

    private static string Unquote(string literal) => Regex.Replace(literal[1..^1], @"\\(.)", "$1");

    [GeneratedRegex(@"^SELECT \* FROM (\w+)(?:\s+WHERE\s+(.*))?$", RegexOptions.Singleline | RegexOptions.IgnoreCase)]
    private static partial Regex SelectRegex();

    [GeneratedRegex(@"^(\w+)\s*(=|LIKE)\s*('(?:[^'\\]|\\.)*')$", RegexOptions.IgnoreCase)]
    private static partial Regex ConditionRegex();

    [GeneratedRegex(@"^ASSOCIATORS OF \{(.+)\}\s+WHERE\s+AssocClass\s*=\s*(\w+)(?:\s+ResultClass\s*=\s*(\w+))?$", RegexOptions.Singleline | RegexOptions.IgnoreCase)]
    private static partial Regex AssociatorsRegex();
}
