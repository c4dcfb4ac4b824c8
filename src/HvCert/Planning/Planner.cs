using HvCert.Catalog;
using HvCert.Hosts;
using HvCert.Matrix;
using HvCert.Suites;

namespace HvCert.Planning;

/// <summary>
/// Turns (suite, matrix, catalog, backend capabilities) into a <see cref="Plan"/> without touching a host.
/// Pure and deterministic: groups follow the matrix order (target, generation, host), cells follow the catalog order
/// (except that a probe which ends its VM runs last).
/// </summary>
public static class Planner
{
    public static Plan Build(Suite suite, TestMatrix matrix, IReadOnlyList<Feature> catalog, BackendCapabilities capabilities)
    {
        var wanted = suite.Features.ToDictionary(f => f.Feature.Id, StringComparer.Ordinal);
        var ordered = catalog.Where(f => wanted.ContainsKey(f.Id)).Select(f => wanted[f.Id]).ToList();
        var groups = new List<VmGroup>();
        var preset = new List<PlannedCell>();
        foreach (var target in matrix.Targets)
        {
            foreach (var generation in target.Generations.Order())
            {
                // A target may opt out (FreeBSD's loader is not signed for the Microsoft UEFI CA template).
                var secureBoot = matrix.Generations.Any(g => g.Generation == generation && g.SecureBoot) && target.SecureBoot != false;
                foreach (var host in matrix.Hosts)
                {
                    var slot = new Slot(target, generation, secureBoot, host, capabilities);
                    var cells = ordered.Select(f => PlanCell(slot, f)).ToList();
                    preset.AddRange(cells.Where(c => c.Preset is not null));
                    var runnable = cells.Where(c => c.Preset is null).ToList();
                    if (runnable.Count > 0)
                    {
                        groups.Add(new VmGroup(
                            VmGroupKeys.For(target.Ref.Id, generation, host.Label), target.Ref, generation, secureBoot, host.Label,
                            runnable.Where(c => !c.Feature.Destructive).ToList(),
                            // Migration first (it needs the boot-time device set), a probe that ends the VM last (the others revert).
                            runnable.Where(c => c.Feature.Destructive).OrderBy(c => c.Feature.IsolatedOrder).ToList()));
                    }
                }
            }
        }

        return new Plan(suite.Name, matrix.Name, capabilities.Backend, groups, preset);
    }

    private static PlannedCell PlanCell(Slot slot, SuiteFeature entry)
    {
        var key = new CellKey(slot.Target.Ref.Id, slot.Generation, slot.Host.Label, entry.Feature.Id);
        return new PlannedCell(key, entry.Feature, entry.Parameters, entry.Timeout, Applicability.Judge(entry.Feature, slot));
    }
}

/// <summary>Where a cell would run: one target on one generation and host, with the backend's capabilities.</summary>
internal sealed record Slot(MatrixTarget Target, Generation Generation, bool SecureBoot, MatrixHost Host, BackendCapabilities Capabilities);

/// <summary>Group keys double as shard units and as the prefix of VM names, so they are stable text.</summary>
public static class VmGroupKeys
{
    public static string For(string target, Generation generation, string host) => $"{target}/gen{(int)generation}/{host}";

    public static string For(CellKey cell) => For(cell.Target, cell.Generation, cell.Host);
}
