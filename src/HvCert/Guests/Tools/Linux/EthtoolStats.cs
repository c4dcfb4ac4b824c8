using System.Globalization;
using System.Text.RegularExpressions;

namespace HvCert.Guests.Tools.Linux;

/// <summary>`ethtool -S IF`: named counters. Per-queue receive counters are <c>rx_queue_N_packets</c> (netvsc, virtio_net).</summary>
internal static partial class EthtoolStats
{
    public static IReadOnlyDictionary<string, long> Parse(string text)
    {
        var stats = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var raw in text.Split('\n'))
        {
            var line = raw.Trim();
            var i = line.LastIndexOf(':');
            if (i <= 0 || line.StartsWith("NIC statistics", StringComparison.Ordinal))
            {
                continue;
            }

            if (long.TryParse(line[(i + 1)..].Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var v))
            {
                stats[line[..i].Trim()] = v;
            }
        }

        return stats;
    }

    /// <summary>Receive packets per queue index.</summary>
    public static IReadOnlyDictionary<int, long> RxQueuePackets(IReadOnlyDictionary<string, long> stats) =>
        stats.Select(kv => (Match: RxQueue().Match(kv.Key), kv.Value))
            .Where(x => x.Match.Success)
            .ToDictionary(x => int.Parse(x.Match.Groups[1].Value, CultureInfo.InvariantCulture), x => x.Value);

    [GeneratedRegex(@"^rx_queue_(\d+)_packets$")]
    private static partial Regex RxQueue();
}
