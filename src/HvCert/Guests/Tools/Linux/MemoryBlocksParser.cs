using System.Text.RegularExpressions;

namespace HvCert.Guests.Tools.Linux;

/// <summary>One hot-pluggable memory block from /sys/devices/system/memory/memoryN/state.</summary>
internal sealed record MemoryBlock(int Index, string State);

internal sealed record MemoryBlocks(IReadOnlyList<MemoryBlock> Blocks, long? BlockSizeBytes)
{
    public int Online => Blocks.Count(b => b.State.StartsWith("online", StringComparison.Ordinal));

    public int Offline => Blocks.Count(b => b.State == "offline");
}

/// <summary>
/// Parses <c>grep -H . /sys/devices/system/memory/block_size_bytes /sys/devices/system/memory/memory*/state</c>:
/// lines "path:value". block_size_bytes is hexadecimal without a prefix (e.g. 8000000 = 128 MiB).
/// </summary>
internal static partial class MemoryBlocksParser
{
    public static MemoryBlocks Parse(string text)
    {
        var blocks = new List<MemoryBlock>();
        long? blockSize = null;
        foreach (var line in ToolText.Lines(text))
        {
            var state = StateLine().Match(line);
            if (state.Success)
            {
                blocks.Add(new MemoryBlock(int.Parse(state.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture), state.Groups[2].Value.Trim()));
                continue;
            }

            var size = SizeLine().Match(line);
            if (size.Success && ToolText.Hex(size.Groups[1].Value) is { } bytes)
            {
                blockSize = (long)bytes;
            }
        }

        return new MemoryBlocks(blocks.OrderBy(b => b.Index).ToList(), blockSize);
    }

    [GeneratedRegex(@"memory(\d+)/state:(\S+)\s*$")]
    private static partial Regex StateLine();

    [GeneratedRegex(@"block_size_bytes:([0-9a-fA-F]+)\s*$")]
    private static partial Regex SizeLine();
}
