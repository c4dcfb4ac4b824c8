using System.Globalization;
using System.Text.Json;

namespace HvCert.MigrationCrashRate;

/// <summary>Reads every trial of results.jsonl (all pieces so far) and prints one row per label and generation.</summary>
internal static class Table
{
    private static readonly string[] Deaths = [Trial.NoSsh, Trial.Panic, Trial.QemuExit, Trial.Rebooted, Trial.NoAgent, Trial.MigrateFailed];

    public static IReadOnlyList<(string Label, Trial Trial)> Read(string path) =>
        File.Exists(path)
            ? File.ReadLines(path).Where(l => l.Length > 0).Select(l => JsonSerializer.Deserialize<Row>(l)!).Select(r => (r.Label, r.Trial)).ToList()
            : [];

    public static void Print(IReadOnlyList<(string Label, Trial Trial)> rows, TextWriter o)
    {
        o.WriteLine("| label | gen | migrations | survived | died | how they died | migrate s median/max | SSH back s median/max | load1 mean/max |");
        o.WriteLine("|---|---|---|---|---|---|---|---|---|");
        foreach (var g in rows.GroupBy(r => (r.Label, r.Trial.Generation)).OrderBy(g => g.Key.Label, StringComparer.Ordinal).ThenBy(g => g.Key.Generation))
        {
            var t = g.Select(r => r.Trial).ToList();
            var died = t.Where(x => x.Died).ToList();
            var how = string.Join(", ", Deaths.Select(d => (d, n: died.Count(x => x.Outcome == d))).Where(x => x.n > 0).Select(x => $"{x.d} {x.n}"));
            var moved = t.Where(x => x.Outcome != Trial.MigrateFailed).ToList();
            var back = t.Where(x => !x.Died).ToList();
            o.WriteLine($"| {g.Key.Label} | Gen{g.Key.Generation} | {t.Count} | {t.Count - died.Count} | {died.Count} | {(how.Length == 0 ? "-" : how)} " +
                $"| {Stat(moved.Select(x => x.MigrateSeconds))} | {Stat(back.Select(x => x.ReconnectSeconds))} " +
                $"| {F(t.Average(x => x.Load1))}/{F(t.Max(x => x.Load1))} |");
        }
    }

    private static string Stat(IEnumerable<double> values)
    {
        var v = values.Order().ToList();
        if (v.Count == 0)
        {
            return "-";
        }

        var median = v.Count % 2 == 1 ? v[v.Count / 2] : (v[(v.Count / 2) - 1] + v[v.Count / 2]) / 2;
        return $"{F(median)}/{F(v[^1])}";
    }

    private static string F(double x) => x.ToString("0.0", CultureInfo.InvariantCulture);

    internal sealed record Row(string Label, Trial Trial);
}
