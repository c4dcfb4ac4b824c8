using System.Globalization;
using HvCert.Evidence;

namespace HvCert.Features.Common;

/// <summary>The result of a timestamp exchange: offset = guest − midpoint of the host's before/after, uncertainty = half the round trip.</summary>
internal sealed record ClockOffset(double OffsetMs, double UncertaintyMs, double RoundTripMs, int Samples, int Usable)
{
    /// <summary>The guest clock is provably within <paramref name="toleranceMs"/> of the host's.</summary>
    public bool ProvenWithin(double toleranceMs) => Math.Abs(OffsetMs) + UncertaintyMs < toleranceMs;

    /// <summary>The guest clock is provably further than <paramref name="toleranceMs"/> from the host's.</summary>
    public bool ProvenBeyond(double toleranceMs) => Math.Abs(OffsetMs) - UncertaintyMs > toleranceMs;

    public string Describe() =>
        string.Create(CultureInfo.InvariantCulture, $"offset {ClockSamples.Signed(OffsetMs, 3)} ms ± {UncertaintyMs:0.000} ms (min RTT {RoundTripMs:0.000} ms, {Usable}/{Samples} samples)");
}

/// <summary>Recomputes the clock offset from the observations a <see cref="ClockExchange"/> recorded; uses the minimum-RTT sample.</summary>
internal static class ClockSamples
{
    /// <summary>
    /// A signed offset with <paramref name="decimals"/> places. A value that rounds to zero prints as +0.000: .NET's
    /// "+0.000;-0.000" formats a tiny negative number (or −0.0) as "-+0.000".
    /// </summary>
    public static string Signed(double value, int decimals)
    {
        var rounded = Math.Round(value, decimals, MidpointRounding.AwayFromZero);
        var format = "+0." + new string('0', decimals) + ";-0." + new string('0', decimals);
        return (rounded == 0 ? 0d : rounded).ToString(format, CultureInfo.InvariantCulture);
    }

    public static ClockOffset? Analyze(HostActionDone exchange)
    {
        if (!int.TryParse(exchange.Observation("samples"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var n))
        {
            return null;
        }

        ClockOffset? best = null;
        var usable = 0;
        for (var i = 0; i < n; i++)
        {
            if (Dec(exchange.Observation($"sample.{i}.before")) is not { } before
                || Dec(exchange.Observation($"sample.{i}.after")) is not { } after
                || Dec(exchange.Observation($"sample.{i}.guest")) is not { } guest
                || after < before)
            {
                continue;
            }

            usable++;
            var rtt = (double)(after - before) * 1000;
            var offset = (double)(guest - (before + after) / 2) * 1000;
            if (best is null || rtt / 2 < best.UncertaintyMs)
            {
                best = new ClockOffset(offset, rtt / 2, rtt, n, 0);
            }
        }

        var resolution = Dec(exchange.Observation("resolution_ms")) is { } r ? (double)r : 0;
        return best is null ? null : best with { Usable = usable, UncertaintyMs = best.UncertaintyMs + resolution };
    }

    private static decimal? Dec(string? text) =>
        decimal.TryParse(text?.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var d) ? d : null;
}
