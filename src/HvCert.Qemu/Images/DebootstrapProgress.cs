using System.Text.RegularExpressions;

namespace HvCert.Qemu.Images;

/// <summary>
/// Counts packages in debootstrap's own "I:" lines so the longest build step shows movement: it retrieves each package
/// ("I: Retrieving libacl1 2.3.1-3"), extracts it, then unpacks and configures it ("I: Unpacking libacl1:amd64...",
/// "I: Configuring libc-bin..."). Stage lines such as "I: Unpacking required packages..." name no package.
/// </summary>
internal sealed partial class DebootstrapProgress
{
    private readonly Dictionary<string, int> counts = new(StringComparer.Ordinal);
    private string? phase;

    /// <summary>What to show after this line ("unpacking 57/142 packages"), or null when the line is not a package line.</summary>
    public (string Text, bool NewPhase)? Accept(string line)
    {
        var verb = Retrieving().IsMatch(line) ? "retrieving"
            : PackageStep().Match(line) is { Success: true } m ? m.Groups["verb"].Value.ToLowerInvariant()
            : null;
        if (verb is null)
        {
            return null;
        }

        // Counts run on across debootstrap's two stages (required, then base packages): each package is unpacked and
        // configured once, so "of all retrieved" is the right total.
        var count = counts[verb] = counts.GetValueOrDefault(verb) + 1;
        var started = verb != phase;
        phase = verb;
        var total = counts.GetValueOrDefault("retrieving");
        return (verb == "retrieving" || total == 0 ? $"{verb} {count} packages" : $"{verb} {Math.Min(count, total)}/{total} packages", started);
    }

    // "I: Retrieving NAME VERSION"; index files ("I: Retrieving InRelease") have no version.
    [GeneratedRegex(@"^I: Retrieving \S+ \S+\s*$")]
    private static partial Regex Retrieving();

    // "I: Unpacking NAME..."; a stage line ("I: Unpacking the base system...") has spaces before its dots.
    [GeneratedRegex(@"^I: (?<verb>Extracting|Unpacking|Configuring) \S+\.\.\.\s*$")]
    private static partial Regex PackageStep();
}
