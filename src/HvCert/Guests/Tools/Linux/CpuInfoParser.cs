namespace HvCert.Guests.Tools.Linux;

/// <summary>The first processor of /proc/cpuinfo: its flags and model name.</summary>
internal sealed record CpuInfo(IReadOnlySet<string> Flags, string? ModelName, int Processors)
{
    public bool Has(string flag) => Flags.Contains(flag);
}

/// <summary>/proc/cpuinfo (x86): "flags\t\t: fpu vme de pse tsc msr pae …" per processor.</summary>
internal static class CpuInfoParser
{
    public static CpuInfo Parse(string text)
    {
        HashSet<string>? flags = null;
        string? model = null;
        var processors = 0;
        foreach (var line in ToolText.Lines(text))
        {
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon < 0)
            {
                continue;
            }

            var key = line[..colon].Trim();
            var value = line[(colon + 1)..].Trim();
            switch (key)
            {
                case "processor":
                    processors++;
                    break;
                case "flags" when flags is null:
                    flags = value.Split(' ', StringSplitOptions.RemoveEmptyEntries).ToHashSet(StringComparer.Ordinal);
                    break;
                case "model name" when model is null:
                    model = value;
                    break;
            }
        }

        return new CpuInfo(flags ?? [], model, processors);
    }
}
