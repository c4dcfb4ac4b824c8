using System.Text.RegularExpressions;

namespace HvCert.Qemu.Images;

/// <summary>
/// Reads debootstrap's own "I:" lines so its step, the longest of a build, shows movement: it reads the package index,
/// retrieves each package ("I: Retrieving libacl1 2.3.1-3"), extracts it, then unpacks and configures it
/// ("I: Unpacking libacl1:amd64...", "I: Configuring linux-image-6.1.0-50-amd64..."). Package lines give counts and the
/// package at hand (a slow one, such as the kernel building its initramfs, is then visible); other "I:" lines
/// ("I: Resolving dependencies of required packages...") are shown as they are.
/// </summary>
internal sealed partial class DebootstrapProgress
{
    private readonly Dictionary<string, int> counts = new(StringComparer.Ordinal);
    private string? phase;

    /// <summary>What to show after this line ("configuring package 147/161: linux-image-6.1.0-50-amd64"), and whether it starts something new (worth its own log line); null for other lines.</summary>
    public (string Text, bool NewPhase)? Accept(string line)
    {
        if (!line.StartsWith("I: ", StringComparison.Ordinal) || line.StartsWith("I: Validating ", StringComparison.Ordinal))
        {
            return null;
        }

        var package = PackageLine().Match(line);
        if (!package.Success)
        {
            var text = line[3..].Trim().TrimEnd('.');
            phase = null;
            return text.Length == 0 ? null : (char.ToLowerInvariant(text[0]) + text[1..], true);
        }

        var verb = package.Groups["verb"].Value.ToLowerInvariant();
        var name = package.Groups["name"].Value;

        // Counts run on across debootstrap's stages (core, required, base): each package is unpacked and configured
        // once, so "of all retrieved" is the right total.
        var count = counts[verb] = counts.GetValueOrDefault(verb) + 1;
        var started = verb != phase;
        phase = verb;
        var total = counts.GetValueOrDefault("retrieving");
        var of = verb == "retrieving" || total == 0 ? $"{count}" : $"{Math.Min(count, total)}/{total}";
        return ($"{verb} package {of}: {name}", started);
    }

    // "I: Retrieving NAME VERSION" or "I: Unpacking NAME..."; index and stage lines ("I: Retrieving InRelease",
    // "I: Unpacking the base system...") do not have that shape.
    [GeneratedRegex(@"^I: (?:(?<verb>Retrieving) (?<name>\S+) \S+|(?<verb>Extracting|Unpacking|Configuring) (?<name>\S+?)(?::[a-z0-9]+)?\.\.\.)\s*$")]
    private static partial Regex PackageLine();
}
