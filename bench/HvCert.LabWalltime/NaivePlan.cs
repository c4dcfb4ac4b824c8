using HvCert.Planning;
using HvCert.Probes;

namespace HvCert.LabWalltime;

/// <summary>
/// The naive way to run the same probes: every destructive (isolated) probe gets its own VM group, so its own fresh
/// boot, with nothing to revert to; the non-destructive probes of a target/generation still share one VM, as anybody
/// would. Generations never share a VM (the planner already keeps them apart).
/// </summary>
internal static class NaivePlan
{
    /// <param name="subset">When set, keep only the first N isolated cells of the whole plan (the rest are extrapolated).</param>
    public static (Plan Plan, int IsolatedTotal, int IsolatedKept) From(Plan plan, IProbeCatalog probes, int? subset)
    {
        var groups = new List<VmGroup>();
        var isolated = new List<VmGroup>();
        foreach (var group in plan.Groups)
        {
            // The runner trusts a probe that says it spoils its VM over the plan; the naive plan does the same.
            bool OwnVm(PlannedCell c) => c.Preset is null && probes.Find(c.Feature.Id, group.Target.Os)?.Isolation == Isolation.OwnVm;
            var shared = group.Shared.Where(c => !OwnVm(c)).ToList();
            if (shared.Count > 0)
            {
                groups.Add(group with { Shared = shared, Isolated = [] });
            }

            // Short keys: the key becomes the VM name, which backends cap at 40 characters.
            isolated.AddRange(group.Shared.Where(OwnVm).Concat(group.Isolated).Select((cell, i) =>
                group with { Key = $"{group.Key}/i{i + 1}", Shared = [], Isolated = [cell] }));
        }

        var kept = subset is { } n ? isolated.Take(n).ToList() : isolated;
        return (plan with { Groups = [.. groups, .. kept] }, isolated.Count, kept.Count);
    }
}
