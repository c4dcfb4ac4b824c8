using HvCert.Features.Common;
using HvCert.Probes;

namespace HvCert.Cli.Selftest;

/// <summary>The self-test table: feature, positive verdict, negative verdict, control pass/fail, and each verdict's reason below.</summary>
internal static class SelftestTable
{
    public static int Print(IReadOnlyList<IProbe> probes, IReadOnlyDictionary<string, Verdict> positive, IReadOnlyDictionary<string, Verdict> negative,
        IReadOnlyList<IProbe> notExpressible, TextWriter output)
    {
        output.WriteLine($"{"feature",-22} {"positive",-20} {"negative",-20} control");
        var failed = 0;
        var vacuous = 0;
        foreach (var probe in probes)
        {
            var pos = positive.GetValueOrDefault(probe.FeatureId) ?? Verdict.Error("not run");
            var neg = negative.GetValueOrDefault(probe.FeatureId);
            var expressible = !notExpressible.Contains(probe);
            var outcome = SelftestPlan.Control(pos, neg);
            failed += expressible && outcome == ControlOutcome.Fails ? 1 : 0;
            vacuous += expressible && outcome == ControlOutcome.FeatureNotOffered ? 1 : 0;
            var control = !expressible ? "n/a" : outcome switch
            {
                ControlOutcome.Holds => "pass",
                ControlOutcome.Fails => "FAIL",
                _ => "n/a (feature not offered here)",
            };
            output.WriteLine($"{probe.FeatureId,-22} {pos.Kind,-20} {(expressible ? neg?.Kind.ToString() ?? "-" : "not expressible"),-20} {control}");
            output.WriteLine($"    + {Judging.Clip(pos.Reason, 160)}");
            output.WriteLine(expressible
                ? $"    - [{string.Join(",", probe.NegativeControl)}] {Judging.Clip(neg?.Reason ?? "not run", 160)}"
                : $"    - [{string.Join(",", probe.NegativeControl)}] not expressible on this backend: {(probe as LinuxGuestProbe)?.NegativeControlNote}");
        }

        var checkable = probes.Count - notExpressible.Count - vacuous;
        output.WriteLine($"{checkable - failed} of {checkable} expressible controls hold; {vacuous} have nothing to control (the feature is not offered here); "
            + $"{notExpressible.Count} not expressible on this backend.");
        return failed == 0 ? ExitCodes.Ok : ExitCodes.CertificationFailed;
    }
}
