using System.Text.RegularExpressions;

namespace HvCert.Guests.Tools.Linux;

internal sealed record FileDigest(string Sha256, string Path);

/// <summary><c>sha256sum FILE</c>: "&lt;64 hex&gt;  path" (text mode) or "&lt;64 hex&gt; *path" (binary mode).</summary>
internal static partial class Sha256SumParser
{
    public static IReadOnlyList<FileDigest> Parse(string text) =>
        ToolText.Lines(text).Select(l => Line().Match(l)).Where(m => m.Success)
            .Select(m => new FileDigest(m.Groups[1].Value.ToLowerInvariant(), m.Groups[2].Value)).ToList();

    [GeneratedRegex(@"^\\?([0-9a-fA-F]{64}) [ *](.+)$")]
    private static partial Regex Line();
}
