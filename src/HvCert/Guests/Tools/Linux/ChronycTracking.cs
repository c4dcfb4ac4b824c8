using System.Globalization;
using System.Text.RegularExpressions;

namespace HvCert.Guests.Tools.Linux;

/// <summary>`chronyc tracking`. <see cref="SystemTimeSeconds"/> is positive when the system clock is fast of the reference.</summary>
internal sealed record ChronyTracking(string? ReferenceId, string? ReferenceName, int? Stratum, double? SystemTimeSeconds,
    double? RootDelaySeconds, double? RootDispersionSeconds, string? LeapStatus)
{
    public bool Synchronised => LeapStatus is not null && !LeapStatus.Equals("Not synchronised", StringComparison.OrdinalIgnoreCase) && Stratum is > 0 and < 16;

    /// <summary>chrony's own bound on the clock error: |offset| + root delay/2 + root dispersion.</summary>
    public double? MaxErrorSeconds => SystemTimeSeconds is { } s && RootDelaySeconds is { } d && RootDispersionSeconds is { } r ? Math.Abs(s) + d / 2 + r : null;
}

internal static partial class ChronycTrackingParser
{
    public static ChronyTracking? Parse(string text)
    {
        var map = KeyValueLines.Parse(text);
        if (!map.TryGetValue("Reference ID", out var reference))
        {
            return null;
        }

        var refm = Reference().Match(reference);
        double? systemTime = null;
        if (map.TryGetValue("System time", out var st) && SystemTime().Match(st) is { Success: true } s)
        {
            var v = double.Parse(s.Groups[1].Value, NumberStyles.Float, CultureInfo.InvariantCulture);
            systemTime = s.Groups[2].Value == "fast" ? v : -v;
        }

        return new ChronyTracking(
            refm.Success ? refm.Groups[1].Value : reference, refm.Success && refm.Groups[2].Success ? refm.Groups[2].Value : null,
            int.TryParse(map.GetValueOrDefault("Stratum"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var stratum) ? stratum : null,
            systemTime, Seconds(map.GetValueOrDefault("Root delay")), Seconds(map.GetValueOrDefault("Root dispersion")), map.GetValueOrDefault("Leap status"));
    }

    private static double? Seconds(string? text) =>
        text is not null && double.TryParse(text.Split(' ')[0], NumberStyles.Float, CultureInfo.InvariantCulture, out var v) ? v : null;

    [GeneratedRegex(@"^([0-9A-Fa-f]+)(?:\s+\((.*)\))?")]
    private static partial Regex Reference();

    [GeneratedRegex(@"^([0-9.]+) seconds (fast|slow)")]
    private static partial Regex SystemTime();
}
