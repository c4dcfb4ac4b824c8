using System.Globalization;
using System.Text.RegularExpressions;

namespace HvCert.Guests.Tools.FreeBsd;

/// <summary>A VMBus child in `devinfo -rv`: a bound driver instance (<c>hn0</c>) or an offered device with no driver (<c>unknown</c>).</summary>
public sealed record VmbusChild(string Name, string? Driver, int? Unit, Guid ClassId, Guid DeviceId)
{
    public bool Attached => Driver is not null;
}

/// <summary>What `devinfo -rv` says about vmbus0: its children and the MMIO ranges it was given.</summary>
public sealed record DevinfoReport(bool HasVmbus, IReadOnlyList<VmbusChild> VmbusChildren, IReadOnlyList<(ulong Start, ulong End)> VmbusMemory)
{
    public IEnumerable<VmbusChild> Offered(Guid classId) => VmbusChildren.Where(c => c.ClassId == classId);
}

/// <summary>Parses `devinfo -rv`. Indentation gives the tree; only the subtree under vmbus0 is kept.</summary>
public static partial class DevinfoParser
{
    [GeneratedRegex(@"^(?<name>[A-Za-z_][\w.-]*?)(?<unit>\d+)?\s+pnpinfo\s+classid=(?<class>[0-9a-fA-F-]{36})\s+deviceid=(?<dev>[0-9a-fA-F-]{36})")]
    private static partial Regex ChildLine();

    [GeneratedRegex(@"^0x(?<s>[0-9a-fA-F]+)-0x(?<e>[0-9a-fA-F]+)$")]
    private static partial Regex Range();

    public static DevinfoReport Parse(string text)
    {
        var children = new List<VmbusChild>();
        var memory = new List<(ulong, ulong)>();
        int? vmbusIndent = null;
        var inVmbusMemory = false;
        foreach (var raw in text.Split('\n'))
        {
            var line = raw.TrimEnd('\r');
            if (line.Trim().Length == 0)
            {
                continue;
            }

            var indent = line.Length - line.TrimStart().Length;
            var body = line.Trim();
            if (vmbusIndent is null)
            {
                if (body == "vmbus0")
                {
                    vmbusIndent = indent;
                }

                continue;
            }

            if (indent <= vmbusIndent)
            {
                break;
            }

            if (body.EndsWith(':'))
            {
                inVmbusMemory = body == "I/O memory addresses:";
                continue;
            }

            var range = Range().Match(body);
            if (range.Success)
            {
                if (inVmbusMemory)
                {
                    memory.Add((ulong.Parse(range.Groups["s"].Value, NumberStyles.HexNumber, CultureInfo.InvariantCulture),
                        ulong.Parse(range.Groups["e"].Value, NumberStyles.HexNumber, CultureInfo.InvariantCulture)));
                }

                continue;
            }

            inVmbusMemory = false;
            var m = ChildLine().Match(body);
            if (!m.Success)
            {
                continue;
            }

            var name = m.Groups["name"].Value;
            var unknown = name == "unknown";
            int? unit = m.Groups["unit"].Success ? int.Parse(m.Groups["unit"].Value, CultureInfo.InvariantCulture) : null;
            children.Add(new VmbusChild(unknown ? "unknown" : name + unit, unknown ? null : name, unit,
                Guid.Parse(m.Groups["class"].Value), Guid.Parse(m.Groups["dev"].Value)));
        }

        return new DevinfoReport(vmbusIndent is not null, children, memory);
    }
}
