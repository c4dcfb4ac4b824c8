using System.Globalization;
using System.Text.RegularExpressions;

namespace HvCert.Guests.Tools.FreeBsd;

/// <summary>One interface as FreeBSD `ifconfig` prints it; Options are the capability names (RXCSUM, TSO4, LRO, VLAN_HWTAGGING…).</summary>
public sealed record IfconfigInterface(
    string Name,
    IReadOnlySet<string> Flags,
    IReadOnlySet<string> Options,
    int? Mtu,
    string? Ether,
    IReadOnlyList<string> Inet,
    string? Status)
{
    public bool HasOption(string option) => Options.Contains(option);
}

public static partial class IfconfigParser
{
    [GeneratedRegex(@"^(?<name>[a-z][a-z0-9_.]*): flags=[0-9a-fA-F]+<(?<flags>[^>]*)>.*?(?:mtu (?<mtu>\d+))?\s*$")]
    private static partial Regex Header();

    [GeneratedRegex(@"^options=[0-9a-fA-F]+<(?<opts>[^>]*)>")]
    private static partial Regex OptionsLine();

    public static IReadOnlyList<IfconfigInterface> Parse(string text)
    {
        var result = new List<IfconfigInterface>();
        Builder? current = null;
        foreach (var raw in text.Split('\n'))
        {
            var line = raw.TrimEnd('\r');
            if (Header().Match(line) is { Success: true } h)
            {
                if (current is not null)
                {
                    result.Add(current.Build());
                }

                current = new Builder(h.Groups["name"].Value, Split(h.Groups["flags"].Value),
                    h.Groups["mtu"].Success ? int.Parse(h.Groups["mtu"].Value, CultureInfo.InvariantCulture) : null);
                continue;
            }

            current?.Add(line.Trim());
        }

        if (current is not null)
        {
            result.Add(current.Build());
        }

        return result;
    }

    private static HashSet<string> Split(string list) =>
        list.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToHashSet(StringComparer.Ordinal);

    private sealed class Builder(string name, HashSet<string> flags, int? mtu)
    {
        private readonly HashSet<string> options = new(StringComparer.Ordinal);
        private readonly List<string> inet = [];
        private string? ether;
        private string? status;

        public void Add(string line)
        {
            if (OptionsLine().Match(line) is { Success: true } o)
            {
                options.UnionWith(Split(o.Groups["opts"].Value));
            }
            else if (line.StartsWith("ether ", StringComparison.Ordinal))
            {
                ether = line[6..].Trim();
            }
            else if (line.StartsWith("inet ", StringComparison.Ordinal))
            {
                inet.Add(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]);
            }
            else if (line.StartsWith("status: ", StringComparison.Ordinal))
            {
                status = line[8..].Trim();
            }
        }

        public IfconfigInterface Build() => new(name, flags, options, mtu, ether, inet, status);
    }
}
