using HvCert.Planning;
using HvCert.Validation;

namespace HvCert.Cli.Commands;

/// <summary>`--target ID`: the part of a plan for one matrix target.</summary>
internal static class PlanTargets
{
    public static Plan Only(Plan plan, string? target)
    {
        if (target is null)
        {
            return plan;
        }

        var known = plan.AllCells.Select(c => c.Key.Target).Distinct().Order(StringComparer.Ordinal).ToList();
        if (!known.Contains(target))
        {
            throw new InputException([Diagnostic.Option("run", $"--target '{target}' is not a target of this matrix{(plan.ShardOf is null ? "" : " shard")}.",
                $"use one of: {string.Join(", ", known)}")]);
        }

        return plan with
        {
            Groups = plan.Groups.Where(g => g.Target.Id == target).ToList(),
            Preset = plan.Preset.Where(c => c.Key.Target == target).ToList(),
        };
    }
}
