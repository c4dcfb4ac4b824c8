using HvCert.Catalog;
using HvCert.Hosts;
using HvCert.Probes;

namespace HvCert.Tests.Running.Fakes;

/// <summary>
/// Runs one guest command through the context (so it is recorded) after an optional test-supplied action, and judges
/// Supported only when that command is in the evidence with exit 0.
/// </summary>
internal sealed class FakeProbe(string featureId, Isolation isolation = Isolation.SharedVm) : IProbe
{
    public string FeatureId => featureId;

    public OsFamily Os => OsFamily.Linux;

    public Isolation Isolation => isolation;

    public IReadOnlyList<VmFault> NegativeControl => [];

    /// <summary>Called with the attempt number before the command; throw from it to simulate failures.</summary>
    public Func<ProbeContext, int, CancellationToken, Task> Before { get; set; } = (_, _, _) => Task.CompletedTask;

    public List<string> RanOn { get; } = [];

    private int attempts;

    public IReadOnlyList<GuestStep> GuestSteps(BackendKind backend) => [new(1, "check " + featureId, "fake")];

    public async Task RunAsync(ProbeContext context, CancellationToken cancellationToken)
    {
        lock (RanOn)
        {
            RanOn.Add(context.Vm.Name);
        }

        await Before(context, Interlocked.Increment(ref attempts), cancellationToken);
        await context.ExecAsync(1, "check " + featureId, TimeSpan.FromSeconds(10), cancellationToken);
    }

    /// <summary>Replaces the default judge (e.g. one that reads host actions as a real judge does).</summary>
    public Func<ProbeEvidence, Verdict>? JudgeWith { get; set; }

    public Verdict Judge(ProbeEvidence evidence) =>
        JudgeWith?.Invoke(evidence)
        ?? (evidence.Command(1) is { ExitCode: 0 } ? Verdict.Supported("check passed") : Verdict.NotSupported("check missing or failed"));
}

internal sealed class FakeCatalog(params FakeProbe[] probes) : IProbeCatalog
{
    public IProbe? Find(string featureId, OsFamily os) => probes.FirstOrDefault(p => p.FeatureId == featureId && p.Os == os);

    public FakeProbe this[string featureId] => probes.Single(p => p.FeatureId == featureId);
}
