namespace HvCert.Guests.Tools.Linux;

/// <summary>One offload flag of `ethtool -k`: <c>tcp-segmentation-offload: on</c>, <c>rx-checksumming: on [fixed]</c>, <c>... off [requested on]</c>.</summary>
internal sealed record EthtoolFeature(string Name, bool On, bool Fixed, string? Requested);

/// <summary>Parses `ethtool -k IF` (also `--show-features`). The header line "Features for eth0:" is skipped.</summary>
internal static class EthtoolFeatures
{
    public static IReadOnlyDictionary<string, EthtoolFeature> Parse(string text)
    {
        var features = new Dictionary<string, EthtoolFeature>(StringComparer.Ordinal);
        foreach (var raw in text.Split('\n'))
        {
            var line = raw.Trim();
            var colon = line.IndexOf(':');
            if (colon <= 0 || line.StartsWith("Features for", StringComparison.Ordinal))
            {
                continue;
            }

            var name = line[..colon].Trim();
            var value = line[(colon + 1)..].Trim();
            var state = value.Split(' ', 2)[0];
            if (state is not ("on" or "off"))
            {
                continue;
            }

            var requested = value.Contains("[requested ", StringComparison.Ordinal)
                ? value[(value.IndexOf("[requested ", StringComparison.Ordinal) + 11)..].TrimEnd(']').Trim()
                : null;
            features[name] = new EthtoolFeature(name, state == "on", value.Contains("[fixed]", StringComparison.Ordinal), requested);
        }

        return features;
    }
}
