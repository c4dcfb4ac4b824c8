using System.Globalization;
using System.Text.RegularExpressions;

namespace HvCert.Guests.Tools.Linux;

/// <summary>One interface from `ip -d link show`.</summary>
internal sealed record IpLink(
    int Index, string Name, string? Parent, IReadOnlyList<string> Flags, int? Mtu, string? State, string? Mac,
    string? Master, string? Kind, int? VlanId, int? RxQueues, int? TxQueues)
{
    public bool IsUp => Flags.Contains("UP") && Flags.Contains("LOWER_UP");
}

/// <summary>Parses `ip -d link show` (iproute2): a header line per interface, then indented detail lines.</summary>
internal static partial class IpLinkParser
{
    public static IReadOnlyList<IpLink> Parse(string text)
    {
        var links = new List<IpLink>();
        IpLink? current = null;
        foreach (var line in text.Split('\n'))
        {
            var head = Header().Match(line);
            if (head.Success)
            {
                if (current is not null)
                {
                    links.Add(current);
                }

                var name = head.Groups["name"].Value;
                var at = name.IndexOf('@');
                var rest = head.Groups["rest"].Value;
                current = new IpLink(
                    int.Parse(head.Groups["idx"].Value, CultureInfo.InvariantCulture),
                    at < 0 ? name : name[..at], at < 0 ? null : name[(at + 1)..],
                    head.Groups["flags"].Value.Split(',', StringSplitOptions.RemoveEmptyEntries),
                    Int(Word(rest, "mtu")), Word(rest, "state"), null, Word(rest, "master"), null, null, null, null);
                continue;
            }

            if (current is null)
            {
                continue;
            }

            // iproute2 puts several facts on one detail line (the link/ether line also carries numrxqueues).
            var t = line.Trim();
            if (t.StartsWith("link/", StringComparison.Ordinal))
            {
                var parts = t.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                current = current with { Mac = parts.Length > 1 ? parts[1].ToLowerInvariant() : null };
            }

            if (t.StartsWith("vlan protocol", StringComparison.Ordinal))
            {
                current = current with { Kind = "vlan", VlanId = Int(Word(t, "id")) };
            }
            else if (current.Kind is null && KindLine().Match(t) is { Success: true } k)
            {
                current = current with { Kind = k.Groups[1].Value };
            }

            if (Word(t, "numrxqueues") is { } rx)
            {
                current = current with { RxQueues = Int(rx), TxQueues = Int(Word(t, "numtxqueues")) };
            }
        }

        if (current is not null)
        {
            links.Add(current);
        }

        return links;
    }

    private static string? Word(string text, string key)
    {
        var parts = text.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var i = Array.IndexOf(parts, key);
        return i >= 0 && i + 1 < parts.Length ? parts[i + 1] : null;
    }

    private static int? Int(string? s) => int.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) ? v : null;

    [GeneratedRegex(@"^(?<idx>\d+): (?<name>[^:\s]+): <(?<flags>[^>]*)>(?<rest>.*)$")]
    private static partial Regex Header();

    // Detail lines that name the link kind: "bridge forward_delay ...", "veth", "tun type tap", "bond mode ...".
    [GeneratedRegex(@"^(bridge|bond|veth|tun|macvlan|vxlan|bridge_slave|bond_slave|team|dummy)\b")]
    private static partial Regex KindLine();
}
