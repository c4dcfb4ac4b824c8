namespace HvCert.Guests.Tools.Linux;

/// <summary>One /proc/interrupts row: "NMI:  3  4  Non-maskable interrupts" or "24:  0  12  PCI-MSI 49152-edge  virtio0-input.0".</summary>
internal sealed record InterruptRow(string Name, IReadOnlyList<long> PerCpu, string Description)
{
    public long Total => PerCpu.Sum();
}

internal sealed record ProcInterrupts(IReadOnlyList<string> Cpus, IReadOnlyList<InterruptRow> Rows)
{
    public InterruptRow? Row(string name) => Rows.FirstOrDefault(r => r.Name == name);

    /// <summary>Rows whose description (device/handler names) contains <paramref name="fragment"/>.</summary>
    public IEnumerable<InterruptRow> Matching(string fragment) =>
        Rows.Where(r => r.Description.Contains(fragment, StringComparison.Ordinal));
}

/// <summary>/proc/interrupts: a header of CPU columns, then per-source rows of per-CPU counters.</summary>
internal static class ProcInterruptsParser
{
    public static ProcInterrupts Parse(string text)
    {
        var lines = ToolText.Lines(text).Where(l => l.Trim().Length > 0).ToList();
        var header = lines.FirstOrDefault(l => l.TrimStart().StartsWith("CPU", StringComparison.Ordinal));
        if (header is null)
        {
            return new ProcInterrupts([], []);
        }

        var cpus = header.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var rows = new List<InterruptRow>();
        foreach (var line in lines.SkipWhile(l => l != header).Skip(1))
        {
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0)
            {
                continue;
            }

            var tokens = line[(colon + 1)..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
            var counts = new List<long>();
            var i = 0;
            for (; i < tokens.Length && counts.Count < cpus.Length && ToolText.Long(tokens[i]) is { } n; i++)
            {
                counts.Add(n);
            }

            rows.Add(new InterruptRow(line[..colon].Trim(), counts, string.Join(' ', tokens.Skip(i))));
        }

        return new ProcInterrupts(cpus, rows);
    }
}
