namespace HvCert.Guests.Tools.Linux;

/// <summary>`ethtool -i IF`: driver name, version, bus-info.</summary>
internal sealed record EthtoolDriverInfo(string Interface, string? Driver, string? Version, string? BusInfo)
{
    /// <summary>Prints one `== IF` header then `ethtool -i IF` for every interface except lo.</summary>
    public const string AllInterfacesCommand =
        "for n in /sys/class/net/*; do i=${n##*/}; [ \"$i\" = lo ] && continue; echo \"== $i\"; ethtool -i \"$i\"; done";

    /// <summary>Parses one `ethtool -i` output (no header).</summary>
    public static EthtoolDriverInfo Parse(string interfaceName, string text)
    {
        var map = KeyValueLines.Parse(text);
        return new EthtoolDriverInfo(interfaceName, map.GetValueOrDefault("driver"), map.GetValueOrDefault("version"), map.GetValueOrDefault("bus-info"));
    }

    /// <summary>Parses <see cref="AllInterfacesCommand"/> output: sections headed `== IF`.</summary>
    public static IReadOnlyList<EthtoolDriverInfo> ParseAll(string text) =>
        KeyValueLines.Sections(text).Select(s => Parse(s.Name, s.Body)).ToList();
}

/// <summary>`key: value` lines (ethtool -i, chronyc tracking, ...), keys lower-cased and trimmed.</summary>
internal static class KeyValueLines
{
    public static Dictionary<string, string> Parse(string text, char separator = ':')
    {
        var map = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var line in text.Split('\n'))
        {
            var i = line.IndexOf(separator);
            if (i <= 0)
            {
                continue;
            }

            map.TryAdd(line[..i].Trim(), line[(i + 1)..].Trim());
        }

        return map;
    }

    /// <summary>Splits output that a loop headed with `== NAME` lines.</summary>
    public static IReadOnlyList<(string Name, string Body)> Sections(string text)
    {
        var sections = new List<(string, string)>();
        string? name = null;
        var body = new System.Text.StringBuilder();
        foreach (var line in text.Split('\n'))
        {
            if (line.StartsWith("== ", StringComparison.Ordinal))
            {
                if (name is not null)
                {
                    sections.Add((name, body.ToString()));
                }

                name = line[3..].Trim();
                body.Clear();
            }
            else if (name is not null)
            {
                body.Append(line).Append('\n');
            }
        }

        if (name is not null)
        {
            sections.Add((name, body.ToString()));
        }

        return sections;
    }
}
