using System.Text.RegularExpressions;
using YamlDotNet.RepresentationModel;

namespace HvCert.Validation;

/// <summary>Names and ids end up in file names, VM names and report anchors, so they are kept to a safe alphabet.</summary>
public static partial class Names
{
    public const string Pattern = "^[a-z0-9][a-z0-9._-]*$";

    public static string? Check(YamlInput input, YamlNode? node, string what)
    {
        if (input.Text(node, what) is not { } value)
        {
            return null;
        }

        if (value.Length <= 64 && Safe().IsMatch(value))
        {
            return value;
        }

        input.Error(node!, $"{what} '{value}' may only use lower-case letters, digits, '.', '_' and '-' (at most 64).", $"rename it, e.g. '{Slug(value)}'.");
        return null;
    }

    /// <summary>
    /// The identity of a name: '_' and '.' read as '-', so <c>debian_12</c> and <c>debian-12</c> are the same target
    /// (report anchors, Allure ids and file names would otherwise collide silently).
    /// </summary>
    public static string Normalise(string name) => name.Replace('_', '-').Replace('.', '-');

    private static string Slug(string value)
    {
        var slug = Unsafe().Replace(value.ToLowerInvariant(), "-").Trim('-', '.', '_');
        return slug.Length == 0 ? "my-name" : slug[..Math.Min(64, slug.Length)];
    }

    [GeneratedRegex(Pattern)]
    private static partial Regex Safe();

    [GeneratedRegex("[^a-z0-9._-]+")]
    private static partial Regex Unsafe();
}
