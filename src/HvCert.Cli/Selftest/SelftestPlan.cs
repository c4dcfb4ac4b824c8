using HvCert.Catalog;
using HvCert.Hosts;
using HvCert.Probes;

namespace HvCert.Cli.Selftest;

internal enum ControlOutcome
{
    Holds,
    Fails,
    FeatureNotOffered,
}

/// <summary>One VM of a self-test: the faults it is provisioned with and the probes that run on it, isolated ones last.</summary>
internal sealed record SelftestGroup(string Name, IReadOnlySet<VmFault> Faults, IReadOnlyList<IProbe> Probes, bool Negative);

/// <summary>
/// Pure planning of `hvcert selftest`: one positive VM for all probes, and one negative VM per distinct set of
/// expressible negative-control faults, so each fault set boots once. Probes whose faults the backend cannot express
/// are listed as such and get no negative VM.
/// </summary>
internal static class SelftestPlan
{
    public static (IReadOnlyList<SelftestGroup> Groups, IReadOnlyList<IProbe> NotExpressible) Build(IReadOnlyList<IProbe> probes, IReadOnlySet<VmFault> expressible)
    {
        var groups = new List<SelftestGroup> { new("positive", new HashSet<VmFault>(), Order(probes), false) };
        var notExpressible = new List<IProbe>();
        foreach (var byFaults in probes.GroupBy(p => Key(p, expressible)).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            if (byFaults.Key.Length == 0)
            {
                notExpressible.AddRange(byFaults);
                continue;
            }

            var faults = byFaults.First().NegativeControl.Where(expressible.Contains).ToHashSet();
            groups.Add(new SelftestGroup("negative " + byFaults.Key, faults, Order(byFaults.ToList()), true));
        }

        return (groups, notExpressible);
    }

    /// <summary>
    /// The rule of a control: it holds when the positive run is a pass and the negative is not a pass (nor an error).
    /// A feature the backend does not offer (or that does not apply) has nothing to control: neither pass nor fail.
    /// </summary>
    public static ControlOutcome Control(Verdict positive, Verdict? negative) =>
        positive.Kind is VerdictKind.NotOffered or VerdictKind.NotApplicable ? ControlOutcome.FeatureNotOffered
        : negative is not null
          && positive.Kind is VerdictKind.Supported or VerdictKind.SupportedWithCaveat
          && negative.Kind is not (VerdictKind.Supported or VerdictKind.SupportedWithCaveat or VerdictKind.Error or VerdictKind.Skipped)
            ? ControlOutcome.Holds
            : ControlOutcome.Fails;

    private static string Key(IProbe probe, IReadOnlySet<VmFault> expressible) =>
        string.Join("+", probe.NegativeControl.Where(expressible.Contains).Select(f => f.ToString()).Order(StringComparer.Ordinal));

    // Isolated probes run after the shared ones, in the catalog's isolated order (migration first, hot-plugging probes
    // after the others, shutdown last), as in a real run.
    private static List<IProbe> Order(IReadOnlyList<IProbe> probes) =>
        probes.OrderBy(p => p.Isolation != Isolation.OwnVm ? 0 : 1 + (FeatureCatalog.TryGet(p.FeatureId, out var f) ? f.IsolatedOrder : 1)).ToList();
}
