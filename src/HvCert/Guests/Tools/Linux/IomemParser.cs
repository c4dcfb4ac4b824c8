using System.Text.RegularExpressions;

namespace HvCert.Guests.Tools.Linux;

/// <summary>One /proc/iomem range. <paramref name="Depth"/> is the nesting level (two spaces per level).</summary>
internal sealed record IomemRange(ulong Start, ulong End, string Name, int Depth)
{
    public ulong Size => End - Start + 1;
}

/// <summary>
/// /proc/iomem. Read as root: without CAP_SYS_ADMIN every address reads 00000000, which the parser reports
/// as <see cref="IomemMap.Redacted"/> instead of a map full of zero ranges.
/// </summary>
internal sealed record IomemMap(IReadOnlyList<IomemRange> Ranges)
{
    public const ulong FourGiB = 0x1_0000_0000;

    public bool Redacted => Ranges.Count > 0 && Ranges.All(r => r.Start == 0 && r.End == 0);

    public IEnumerable<IomemRange> TopLevel => Ranges.Where(r => r.Depth == 0);

    /// <summary>One past the highest top-level System RAM byte below 4 GiB: where low RAM stops and the MMIO gap begins.</summary>
    public ulong? LowRamTop =>
        TopLevel.Where(r => r.Name == "System RAM" && r.Start < FourGiB).Select(r => (ulong?)Math.Min(r.End + 1, FourGiB)).Max();

    public ulong HighRamBytes =>
        TopLevel.Where(r => r.Name == "System RAM" && r.Start >= FourGiB).Aggregate(0UL, (sum, r) => sum + r.Size);

    /// <summary>
    /// Start of the low MMIO gap: the lowest top-level PCI window at or above low RAM and below 4 GiB
    /// (Hyper-V's VMBus / PCI Bus 0000:00 window, QEMU's 32-bit PCI hole); low RAM's top when no window is listed.
    /// </summary>
    public ulong? LowMmioStart
    {
        get
        {
            var top = LowRamTop;
            if (top is null)
            {
                return null;
            }

            var window = TopLevel.Where(r => r.Name.StartsWith("PCI Bus", StringComparison.Ordinal) && r.Start >= top && r.Start < FourGiB)
                .Select(r => (ulong?)r.Start).Min();
            return window ?? top;
        }
    }

    /// <summary>The low MMIO gap in MiB: from its start up to 4 GiB.</summary>
    public long? LowMmioGapMb => LowMmioStart is { } start ? (long)((FourGiB - start) / (1024 * 1024)) : null;
}

internal static partial class IomemParser
{
    public static IomemMap Parse(string text)
    {
        var ranges = new List<IomemRange>();
        foreach (var line in ToolText.Lines(text))
        {
            var m = Range().Match(line);
            if (m.Success && ToolText.Hex(m.Groups["s"].Value) is { } s && ToolText.Hex(m.Groups["e"].Value) is { } e && e >= s)
            {
                ranges.Add(new IomemRange(s, e, m.Groups["name"].Value.Trim(), m.Groups["indent"].Value.Length / 2));
            }
        }

        return new IomemMap(ranges);
    }

    [GeneratedRegex(@"^(?<indent> *)(?<s>[0-9a-fA-F]+)-(?<e>[0-9a-fA-F]+) : (?<name>.+)$")]
    private static partial Regex Range();
}
