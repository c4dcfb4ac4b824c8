using System.Globalization;

namespace HvCert.Guests.Tools.Linux;

/// <summary>The kernel's CPU list format (/sys/devices/system/cpu/online, lscpu "On-line CPU(s) list"): <c>0-3,5,7-8</c>.</summary>
internal static class CpuList
{
    /// <summary>The CPUs in the list, or null when the text is not a CPU list.</summary>
    public static IReadOnlyList<int>? Parse(string text)
    {
        var cpus = new SortedSet<int>();
        var t = text.Trim();
        if (t.Length == 0)
        {
            return null;
        }

        foreach (var part in t.Split(','))
        {
            var range = part.Split('-');
            if (!int.TryParse(range[0], NumberStyles.None, CultureInfo.InvariantCulture, out var lo))
            {
                return null;
            }

            var hi = lo;
            if (range.Length == 2 && !int.TryParse(range[1], NumberStyles.None, CultureInfo.InvariantCulture, out hi))
            {
                return null;
            }

            if (range.Length > 2 || hi < lo || hi - lo > 8192)
            {
                return null;
            }

            for (var c = lo; c <= hi; c++)
            {
                cpus.Add(c);
            }
        }

        return cpus.ToList();
    }

    public static string Format(IReadOnlyList<int> cpus) => cpus.Count <= 8 ? string.Join(",", cpus) : $"{cpus[0]}..{cpus[^1]}";
}
