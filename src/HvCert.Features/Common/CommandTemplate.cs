using System.Text.RegularExpressions;

namespace HvCert.Features.Common;

/// <summary>
/// Fills <c>{{name}}</c> placeholders (double braces, so shell and awk braces stay untouched) in a guest command. Values come from suite parameters and host observations, so
/// they are checked against a conservative character set: a value that could change the shell command is refused.
/// </summary>
internal static partial class CommandTemplate
{
    public static string Fill(string template, IReadOnlyDictionary<string, string> values) =>
        Placeholder().Replace(template, m =>
        {
            var name = m.Groups[1].Value;
            if (!values.TryGetValue(name, out var value))
            {
                return m.Value; // left for the reader of --print-commands; a live run fails the step (see Unfilled)
            }

            if (!SafeValue().IsMatch(value))
            {
                throw new ArgumentException($"value of '{name}' ('{value}') is not a plain token and cannot go into a guest command");
            }

            return value;
        });

    /// <summary>Names still unfilled after <see cref="Fill"/>.</summary>
    public static IReadOnlyList<string> Unfilled(string command) =>
        Placeholder().Matches(command).Select(m => m.Groups[1].Value).Distinct().ToList();

    [GeneratedRegex(@"\{\{([a-z][a-z0-9_]*)\}\}")]
    private static partial Regex Placeholder();

    [GeneratedRegex(@"^[A-Za-z0-9._:/+=-]{0,256}$")]
    private static partial Regex SafeValue();
}
