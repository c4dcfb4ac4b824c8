using HvCert.Catalog;
using HvCert.Hosts;
using HvCert.Probes;

namespace HvCert.Features.Common;

/// <summary>
/// Base of every probe: a probe is data (numbered steps, defaults, negative control) plus a pure judge.
/// Running the steps is shared (<see cref="StepRunner"/>), so `hvcert judge --print-commands` prints exactly what a live run executes.
/// The guest OS family is fixed by the subclass (<see cref="LinuxGuestProbe"/>, <see cref="FreeBsdGuestProbe"/>), never by an `if`.
/// </summary>
internal abstract class GuestProbe : IProbe
{
    private static readonly IReadOnlyDictionary<string, string> NoDefaults = new Dictionary<string, string>();

    public abstract string FeatureId { get; }

    public abstract OsFamily Os { get; }

    public virtual Isolation Isolation => Isolation.SharedVm;

    public abstract IReadOnlyList<VmFault> NegativeControl { get; }

    /// <summary>Why the negative control is what it is (printed by selftest, listed in the README).</summary>
    public abstract string NegativeControlNote { get; }

    /// <summary>The catalog row, for requirements (facets, generations, OS families).</summary>
    public Feature Feature => FeatureCatalog.Get(FeatureId);

    /// <summary>Suite parameters this probe reads, with the defaults it falls back to (the conventions in HELPERS.md).</summary>
    public virtual IReadOnlyDictionary<string, string> Defaults => NoDefaults;

    /// <summary>All steps, guest and host, in number order.</summary>
    public abstract IReadOnlyList<ProbeStep> Steps(BackendKind backend);

    /// <summary>
    /// What runs: under Hyper-V the platform step (<see cref="Platform"/>, step 0) first, then the probe's own steps.
    /// The lab runs only the probe's steps (its devices are the offered stand-ins, judged as such).
    /// </summary>
    public IReadOnlyList<ProbeStep> RunSteps(BackendKind backend) =>
        backend == BackendKind.HyperV ? [Platform.StepFor(Os), .. Steps(backend)] : Steps(backend);

    public IReadOnlyList<GuestStep> GuestSteps(BackendKind backend) =>
        RunSteps(backend).Select(s => s switch
        {
            GuestCommand g => new GuestStep(g.Step, CommandTemplate.Fill(g.Command, Defaults), g.Purpose),
            ClockExchange c => new GuestStep(c.Step, c.Command, c.Purpose + $" (repeated {{{{samples}}}} times; host times recorded as step {c.HostStep})"),
            _ => null,
        }).OfType<GuestStep>().ToList();

    public virtual Task RunAsync(ProbeContext context, CancellationToken cancellationToken) =>
        StepRunner.RunAsync(RunSteps(BackendOf(context)), context, Defaults, cancellationToken);

    /// <summary>The feature's own judgement (tests call it directly to judge the feature alone).</summary>
    public abstract Verdict Judge(ProbeEvidence evidence);

    /// <summary>
    /// What every caller through <see cref="IProbe"/> gets (runner, selftest, `hvcert judge`, re-judging): the feature's
    /// judgement behind the platform gate, so no judge can pass a guest of another hypervisor under Hyper-V.
    /// </summary>
    Verdict IProbe.Judge(ProbeEvidence evidence) => Platform.Gate(evidence, FeatureId, Judge(evidence));

    /// <summary>The backend behind a live context: from the runner's capabilities, else from the offered device models.</summary>
    protected static BackendKind BackendOf(ProbeContext context) =>
        context.Capabilities?.Backend
        ?? (context.Vm.OfferedDevices.Any(d => Guid.TryParse(d.Model.Trim('{', '}'), out _)) ? BackendKind.HyperV : BackendKind.Qemu);

    protected static IReadOnlyDictionary<string, string> Params(params (string Key, string Value)[] pairs) =>
        pairs.ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal);
}
