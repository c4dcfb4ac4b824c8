using HvCert.Planning;
using HvCert.Probes;

namespace HvCert.Cli.Commands;

/// <summary>The JSON shape of `hvcert plan --json` (camelCase, enums as text).</summary>
internal static class PlanJson
{
    public static object From(Plan plan) => new
    {
        suite = plan.Suite,
        matrix = plan.Matrix,
        backend = plan.Backend,
        shard = plan.ShardOf?.ToString(),
        counts = new
        {
            cells = plan.AllCells.Count(),
            groups = plan.Groups.Count,
            shared = plan.Groups.Sum(g => g.Shared.Count),
            isolated = plan.Groups.Sum(g => g.Isolated.Count),
            notApplicable = plan.Preset.Count(c => c.Preset!.Kind == VerdictKind.NotApplicable),
            notOffered = plan.Preset.Count(c => c.Preset!.Kind == VerdictKind.NotOffered),
            skipped = plan.Preset.Count(c => c.Preset!.Kind == VerdictKind.Skipped),
        },
        groups = plan.Groups.Select(g => new
        {
            key = g.Key,
            target = g.Target.Id,
            distro = g.Target.Distro,
            release = g.Target.Release,
            os = g.Target.Os,
            generation = g.Generation,
            secureBoot = g.SecureBoot,
            host = g.Host,
            image = g.Target.Images[g.Generation],
            shared = g.Shared.Select(Cell),
            isolated = g.Isolated.Select(Cell),
        }),
        preset = plan.Preset.Select(c => new
        {
            cell = c.Key.ToString(),
            target = c.Key.Target,
            generation = c.Key.Generation,
            host = c.Key.Host,
            feature = c.Feature.Id,
            name = c.Feature.Name,
            verdict = c.Preset!.Kind,
            reason = c.Preset.Reason,
        }),
    };

    private static object Cell(PlannedCell c) => new
    {
        feature = c.Feature.Id,
        name = c.Feature.Name,
        timeoutSeconds = c.Timeout.TotalSeconds,
        parameters = c.Parameters,
    };
}
