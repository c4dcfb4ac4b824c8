using System.Globalization;

namespace HvCert.Planning;

/// <summary>"k/n": run the k-th of n shards (1-based), e.g. one CI job per shard.</summary>
public sealed record ShardSpec(int Index, int Count)
{
    public override string ToString() => $"{Index}/{Count}";

    /// <summary>Parses "k/n" with 1 &lt;= k &lt;= n; returns null and a reason otherwise.</summary>
    public static ShardSpec? Parse(string text, out string error)
    {
        error = "";
        var parts = text.Split('/');
        if (parts.Length == 2
            && int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var k)
            && int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var n)
            && n >= 1 && k >= 1 && k <= n)
        {
            return new ShardSpec(k, n);
        }

        error = $"--shard '{text}' is not k/n with 1 <= k <= n (e.g. --shard 2/4).";
        return null;
    }
}

/// <summary>Splits a plan over shards by longest-processing-time-first over target/generation/host slots.</summary>
internal static class PlanSharding
{
    public static Plan Shard(Plan plan, ShardSpec spec)
    {
        if (spec.Count < 1 || spec.Index < 1 || spec.Index > spec.Count)
        {
            throw new ArgumentOutOfRangeException(nameof(spec), spec, "shard index must be between 1 and the shard count");
        }

        var weights = plan.Groups.ToDictionary(g => g.Key, g => g.Shared.Count + g.Isolated.Count, StringComparer.Ordinal);
        foreach (var key in plan.Preset.Select(c => VmGroupKeys.For(c.Key)))
        {
            weights.TryAdd(key, 0);
        }

        var owner = Assign(weights, spec.Count);
        var mine = spec.Index - 1;
        return plan with
        {
            Groups = plan.Groups.Where(g => owner[g.Key] == mine).ToList(),
            Preset = plan.Preset.Where(c => owner[VmGroupKeys.For(c.Key)] == mine).ToList(),
            ShardOf = spec,
        };
    }

    private static Dictionary<string, int> Assign(Dictionary<string, int> weights, int count)
    {
        var load = new int[count];
        var owner = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var (key, weight) in weights.OrderByDescending(w => w.Value).ThenBy(w => w.Key, StringComparer.Ordinal))
        {
            var lightest = Array.IndexOf(load, load.Min());
            owner[key] = lightest;
            load[lightest] += weight;
        }

        return owner;
    }
}
