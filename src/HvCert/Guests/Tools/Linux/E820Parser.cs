using System.Text.RegularExpressions;

namespace HvCert.Guests.Tools.Linux;

internal sealed record E820Entry(ulong Start, ulong End, string Type);

/// <summary>The firmware memory map and the kernel's chosen PCI gap, from dmesg:
/// "BIOS-e820: [mem 0x0000000000100000-0x000000003ffdffff] usable" and "[mem 0x40000000-0xfeffbfff] available for PCI devices".</summary>
internal sealed record E820Map(IReadOnlyList<E820Entry> Entries, ulong? PciGapStart, ulong? PciGapEnd);

internal static partial class E820Parser
{
    public static E820Map Parse(string text)
    {
        var entries = new List<E820Entry>();
        ulong? gapStart = null, gapEnd = null;
        foreach (var line in KernelLogParser.Parse(text))
        {
            var m = Entry().Match(line.Message);
            if (m.Success && ToolText.Hex(m.Groups[1].Value) is { } s && ToolText.Hex(m.Groups[2].Value) is { } e)
            {
                entries.Add(new E820Entry(s, e, m.Groups[3].Value.Trim()));
                continue;
            }

            var g = Gap().Match(line.Message);
            if (g.Success)
            {
                gapStart = ToolText.Hex(g.Groups[1].Value);
                gapEnd = ToolText.Hex(g.Groups[2].Value);
            }
        }

        return new E820Map(entries, gapStart, gapEnd);
    }

    [GeneratedRegex(@"BIOS-e820: \[mem (0x[0-9a-fA-F]+)-(0x[0-9a-fA-F]+)\] (.+)$")]
    private static partial Regex Entry();

    [GeneratedRegex(@"\[mem (0x[0-9a-fA-F]+)-(0x[0-9a-fA-F]+)\] available for PCI devices")]
    private static partial Regex Gap();
}
