using System.Globalization;

namespace HvCert.Guests.Tools.Linux;

/// <summary>`ethtool -l IF`: pre-set maximums and current settings. "n/a" reads as null.</summary>
internal sealed record EthtoolChannels(int? MaxRx, int? MaxTx, int? MaxCombined, int? Rx, int? Tx, int? Combined)
{
    public static EthtoolChannels? Parse(string text)
    {
        var max = new Dictionary<string, int?>(StringComparer.OrdinalIgnoreCase);
        var cur = new Dictionary<string, int?>(StringComparer.OrdinalIgnoreCase);
        Dictionary<string, int?>? section = null;
        foreach (var raw in text.Split('\n'))
        {
            var line = raw.Trim();
            if (line.StartsWith("Pre-set maximums", StringComparison.OrdinalIgnoreCase))
            {
                section = max;
            }
            else if (line.StartsWith("Current hardware settings", StringComparison.OrdinalIgnoreCase))
            {
                section = cur;
            }
            else if (section is not null && line.IndexOf(':') is var i and > 0)
            {
                var v = line[(i + 1)..].Trim();
                section[line[..i].Trim()] = int.TryParse(v, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) ? n : null;
            }
        }

        if (cur.Count == 0)
        {
            return null;
        }

        return new EthtoolChannels(max.GetValueOrDefault("RX"), max.GetValueOrDefault("TX"), max.GetValueOrDefault("Combined"),
            cur.GetValueOrDefault("RX"), cur.GetValueOrDefault("TX"), cur.GetValueOrDefault("Combined"));
    }
}
