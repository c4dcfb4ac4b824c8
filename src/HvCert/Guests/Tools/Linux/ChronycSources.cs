using System.Globalization;
using System.Text.RegularExpressions;

namespace HvCert.Guests.Tools.Linux;

/// <summary>One source of `chronyc -n sources`: mode ('^' server, '=' peer, '#' local refclock), state ('*' selected, '+', '-', '?', 'x', '~').</summary>
internal sealed record ChronySource(char Mode, char State, string Name, int Stratum, int Reach, double? OffsetSeconds, double? ErrorSeconds)
{
    public bool Selected => State == '*';

    public bool IsRefclock => Mode == '#';
}

/// <summary>Parses `chronyc sources` (with or without -v legend). Sample offsets use chrony units ns/us/ms/s.</summary>
internal static partial class ChronycSources
{
    public static IReadOnlyList<ChronySource> Parse(string text)
    {
        var sources = new List<ChronySource>();
        foreach (var line in text.Split('\n'))
        {
            var m = Row().Match(line);
            if (!m.Success)
            {
                continue;
            }

            sources.Add(new ChronySource(m.Groups["mode"].Value[0], m.Groups["state"].Value[0], m.Groups["name"].Value,
                int.Parse(m.Groups["stratum"].Value, CultureInfo.InvariantCulture), Convert.ToInt32(m.Groups["reach"].Value, 8),
                Seconds(m.Groups["off"].Value), Seconds(m.Groups["err"].Value)));
        }

        return sources;
    }

    /// <summary>"+8193ns" → 8.193e-6; "-1806us" → -1.806e-3; "+0ns" → 0.</summary>
    public static double? Seconds(string text)
    {
        var m = Quantity().Match(text.Trim());
        if (!m.Success)
        {
            return null;
        }

        var v = double.Parse(m.Groups[1].Value, NumberStyles.Float, CultureInfo.InvariantCulture);
        return m.Groups[2].Value switch { "ns" => v * 1e-9, "us" => v * 1e-6, "ms" => v * 1e-3, _ => v };
    }

    [GeneratedRegex(@"^(?<mode>[\^=#])(?<state>[*+\-?x~])\s+(?<name>\S+)\s+(?<stratum>\d+)\s+(?<poll>-?\d+)\s+(?<reach>[0-7]+)\s+(?<last>\S+)\s+(?<off>[+-]?\d+(?:\.\d+)?[nums]?s?)\[\s*(?<meas>[^\]]+)\]\s+\+/-\s+(?<err>\d+(?:\.\d+)?[nums]?s?)")]
    private static partial Regex Row();

    [GeneratedRegex(@"^([+-]?\d+(?:\.\d+)?)(ns|us|ms|s)?$")]
    private static partial Regex Quantity();
}
