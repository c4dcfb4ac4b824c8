using System.Text.RegularExpressions;

namespace HvCert.Guests.Tools.Linux;

/// <summary>One designation descriptor of VPD page 0x83. <paramref name="Hex"/> is the bracketed "[0x…]" value when sg_inq prints one.</summary>
internal sealed record ScsiDesignator(string Type, string CodeSet, string Association, string? Hex);

/// <summary><c>sg_inq -p 0x83 /dev/sdX</c> (sg3_utils): the Device Identification page, one entry per designation descriptor.</summary>
internal static partial class SgInqParser
{
    public static IReadOnlyList<ScsiDesignator> Parse(string text)
    {
        var list = new List<ScsiDesignator>();
        string? type = null, codeSet = null, association = null, hex = null;
        void Flush()
        {
            if (type is not null)
            {
                list.Add(new ScsiDesignator(type, codeSet ?? string.Empty, association ?? string.Empty, hex));
            }

            type = codeSet = association = hex = null;
        }

        foreach (var raw in ToolText.Lines(text))
        {
            var line = raw.Trim();
            var d = Designator().Match(line);
            if (line.StartsWith("Designation descriptor number", StringComparison.Ordinal))
            {
                Flush();
            }
            else if (d.Success)
            {
                type = d.Groups[1].Value.Trim();
                codeSet = d.Groups[2].Value.Trim();
            }
            else if (line.StartsWith("associated with", StringComparison.OrdinalIgnoreCase))
            {
                association = line["associated with".Length..].Trim();
            }
            else if (Bracket().Match(line) is { Success: true } b)
            {
                hex = b.Groups[1].Value.ToLowerInvariant();
            }
        }

        Flush();
        return list;
    }

    [GeneratedRegex(@"^designator_type: (.+?),\s+code_set: (.+)$")]
    private static partial Regex Designator();

    [GeneratedRegex(@"^\[0x([0-9a-fA-F]+)\]$")]
    private static partial Regex Bracket();
}
