namespace HvCert.Guests.Tools.Linux;

/// <summary>/proc/meminfo: every "Key: value [kB]" line, in kB (HugePages_* counts are kept as plain numbers).</summary>
internal sealed record MemInfo(IReadOnlyDictionary<string, long> Values)
{
    public long? Kb(string key) => Values.TryGetValue(key, out var v) ? v : null;

    public long? MemTotalKb => Kb("MemTotal");

    public long? MemAvailableKb => Kb("MemAvailable");

    public long? MemFreeKb => Kb("MemFree");

    public bool IsEmpty => Values.Count == 0;
}

internal static class MemInfoParser
{
    public static MemInfo Parse(string text)
    {
        var values = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var line in ToolText.Lines(text))
        {
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0)
            {
                continue;
            }

            var parts = line[(colon + 1)..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length is 0 or > 2 || (parts.Length == 2 && parts[1] != "kB"))
            {
                continue;
            }

            if (ToolText.Long(parts[0]) is { } value)
            {
                values[line[..colon].Trim()] = value;
            }
        }

        return new MemInfo(values);
    }
}
