namespace HvCert.Guests.Tools.Linux;

/// <summary>One /sys/class/fc_host/hostN: its attributes (port_name, node_name, port_state, …) as read.</summary>
internal sealed record FcHost(string Host, IReadOnlyDictionary<string, string> Attributes)
{
    public string? PortName => Attributes.TryGetValue("port_name", out var v) ? ToolText.HexDigits(v) : null;

    public string? NodeName => Attributes.TryGetValue("node_name", out var v) ? ToolText.HexDigits(v) : null;

    public string? PortState => Attributes.TryGetValue("port_state", out var v) ? v : null;
}

/// <summary><c>grep -H . /sys/class/fc_host/host*/port_name /sys/class/fc_host/host*/node_name /sys/class/fc_host/host*/port_state</c>.</summary>
internal static class FcHostParser
{
    public static IReadOnlyList<FcHost> Parse(string text)
    {
        var hosts = new Dictionary<string, Dictionary<string, string>>(StringComparer.Ordinal);
        foreach (var line in ToolText.Lines(text))
        {
            const string root = "/sys/class/fc_host/";
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (!line.StartsWith(root, StringComparison.Ordinal) || colon < 0)
            {
                continue;
            }

            var path = line[root.Length..colon].Split('/');
            if (path.Length != 2)
            {
                continue;
            }

            if (!hosts.TryGetValue(path[0], out var attrs))
            {
                hosts[path[0]] = attrs = new Dictionary<string, string>(StringComparer.Ordinal);
            }

            attrs[path[1]] = line[(colon + 1)..].Trim();
        }

        return hosts.Select(h => new FcHost(h.Key, h.Value)).OrderBy(h => h.Host, StringComparer.Ordinal).ToList();
    }
}
