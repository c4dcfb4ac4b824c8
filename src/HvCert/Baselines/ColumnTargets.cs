using System.Text;
using System.Text.RegularExpressions;

namespace HvCert.Baselines;

/// <summary>
/// The target id of a published release column, made from its full header text so that no two columns of a page share
/// one: "7.5-7.7" and "7.5" stay apart, and a column whose Availability is a Linux Integration Services download gets
/// "-lis" so the LIS and built-in variants of a release never merge. Only [a-z0-9.+-] survive, so page text can never
/// put a path or markup into an id.
/// </summary>
internal static partial class ColumnTargets
{
    private const int MaxLength = 80;

    public static string Of(string distro, string label, string availability)
    {
        var slug = Slug(label);
        var id = slug.Length == 0 ? $"{distro}-column"
            : char.IsAsciiLetter(label.TrimStart().FirstOrDefault()) ? slug // "SLES 15 SP1-SP4" names its own family
            : $"{distro}-{slug}";
        if (IsLisDownload(availability)) id += "-lis";
        return id.Length <= MaxLength ? id : id[..MaxLength];
    }

    /// <summary>"LIS 4.3" (a download) rather than "Built in" / "Built-in".</summary>
    public static bool IsLisDownload(string availability) =>
        Lis().IsMatch(availability) && !availability.Contains("built", StringComparison.OrdinalIgnoreCase);

    /// <summary>The target itself, or with "-2", "-3"… when an earlier column of the page already has it.</summary>
    public static string Unique(string target, ICollection<string> taken)
    {
        var unique = target;
        for (var n = 2; taken.Contains(unique); n++) unique = $"{target}-{n}";
        taken.Add(unique);
        return unique;
    }

    private static string Slug(string label)
    {
        var sb = new StringBuilder(label.Length);
        foreach (var c in label.ToLowerInvariant())
        {
            if (char.IsAsciiLetterOrDigit(c) || c is '.' or '+') sb.Append(c);
            else if (sb.Length > 0 && sb[^1] != '-') sb.Append('-');
        }

        return sb.ToString().Trim('-', '.');
    }

    [GeneratedRegex(@"\bLIS\b")]
    private static partial Regex Lis();
}
