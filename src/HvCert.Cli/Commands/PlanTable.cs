using HvCert.Matrix;
using HvCert.Planning;
using HvCert.Probes;

namespace HvCert.Cli.Commands;

/// <summary>The human-readable plan: totals, one line per VM group, then the cells that will not run and why.</summary>
internal static class PlanTable
{
    public static void Write(Plan plan, TextWriter output)
    {
        var shard = plan.ShardOf is null ? "" : $" (shard {plan.ShardOf})";
        output.WriteLine($"Plan: suite '{plan.Suite}' x matrix '{plan.Matrix}' on {MatrixLoader.Name(plan.Backend)}{shard}");
        var shared = plan.Groups.Sum(g => g.Shared.Count);
        var isolated = plan.Groups.Sum(g => g.Isolated.Count);
        output.WriteLine($"{plan.AllCells.Count()} cells: {shared + isolated} to run in {plan.Groups.Count} VM group(s) ({shared} shared, {isolated} isolated), "
            + $"{Count(plan, VerdictKind.NotApplicable)} not applicable, {Count(plan, VerdictKind.NotOffered)} not offered, {Count(plan, VerdictKind.Skipped)} skipped");
        output.WriteLine();
        output.WriteLine($"{"VM group",-34} {"image",-28} {"shared",6} {"isolated",8}");
        foreach (var g in plan.Groups)
        {
            var key = g.SecureBoot ? g.Key + " +SecureBoot" : g.Key;
            output.WriteLine($"{key,-34} {g.Target.Images[g.Generation],-28} {g.Shared.Count,6} {g.Isolated.Count,8}");
        }

        if (plan.Preset.Count == 0)
        {
            return;
        }

        output.WriteLine();
        output.WriteLine("Cells that will not run:");
        foreach (var reason in plan.Preset.GroupBy(c => (c.Preset!.Kind, c.Feature.Id, c.Preset.Reason)))
        {
            var cells = reason.Select(c => VmGroupKeys.For(c.Key)).ToList();
            var where = cells.Count <= 3 ? string.Join(", ", cells) : $"{string.Join(", ", cells.Take(3))} and {cells.Count - 3} more";
            output.WriteLine($"  {reason.Key.Kind,-13} {reason.Key.Id,-22} x{cells.Count,-3} {where}");
            output.WriteLine($"  {"",-13} {reason.Key.Reason}");
        }
    }

    private static int Count(Plan plan, VerdictKind kind) => plan.Preset.Count(c => c.Preset!.Kind == kind);
}
