using System.Text.RegularExpressions;

namespace HvCert.Guests.Tools.Linux;

internal sealed record FstrimResult(string MountPoint, long BytesTrimmed, string? Device);

/// <summary>
/// <c>fstrim -v</c>: "/mnt: 1.2 GiB (1286438912 bytes) trimmed [on /dev/sdb]" (util-linux 2.23+) or the old
/// "/mnt: 1286438912 bytes were trimmed". Errors ("the discard operation is not supported") yield no result.
/// </summary>
internal static partial class FstrimParser
{
    public static IReadOnlyList<FstrimResult> Parse(string text)
    {
        var results = new List<FstrimResult>();
        foreach (var line in ToolText.Lines(text))
        {
            var m = Modern().Match(line);
            if (!m.Success)
            {
                m = Old().Match(line);
            }

            if (m.Success && ToolText.Long(m.Groups["bytes"].Value) is { } bytes)
            {
                var device = m.Groups["dev"].Success ? m.Groups["dev"].Value : null;
                results.Add(new FstrimResult(m.Groups["mnt"].Value, bytes, device));
            }
        }

        return results;
    }

    [GeneratedRegex(@"^(?<mnt>/\S*): .*?\((?<bytes>\d+) bytes\) trimmed(?: on (?<dev>\S+))?")]
    private static partial Regex Modern();

    [GeneratedRegex(@"^(?<mnt>/\S*): (?<bytes>\d+) bytes were trimmed")]
    private static partial Regex Old();
}
