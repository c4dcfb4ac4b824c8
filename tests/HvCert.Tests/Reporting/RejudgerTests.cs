using HvCert.Catalog;
using HvCert.Evidence;
using HvCert.Hosts;
using HvCert.Probes;
using HvCert.Reporting;
using HvCert.Reporting.Rejudging;

namespace HvCert.Tests.Reporting;

public sealed class RejudgerTests
{
    /// <summary>A judge that reads real evidence: supported when every recorded command exited 0.</summary>
    private sealed class ExitCodeProbe(string featureId) : IProbe
    {
        public string FeatureId => featureId;
        public OsFamily Os => OsFamily.Linux;
        public Isolation Isolation => Isolation.SharedVm;
        public IReadOnlyList<VmFault> NegativeControl => [];
        public IReadOnlyList<GuestStep> GuestSteps(BackendKind backend) => [];
        public Task RunAsync(ProbeContext context, CancellationToken cancellationToken) => Task.CompletedTask;

        public Verdict Judge(ProbeEvidence evidence) => evidence.Commands.Count > 0 && evidence.Commands.All(c => c.ExitCode == 0)
            ? Verdict.Supported($"{evidence.Commands.Count} commands exited 0 ({evidence.Parameter("timeout", "?")})")
            : Verdict.NotSupported("a command failed");
    }

    private sealed class Catalog(params IProbe[] probes) : IProbeCatalog
    {
        public IProbe? Find(string featureId, OsFamily os) => probes.FirstOrDefault(p => p.FeatureId == featureId && p.Os == os);
    }

    [Fact]
    public void Rejudge_JudgeAgreesWithStoredEvidence_NoChangeAndVerdictsKept()
    {
        var outcome = Rejudger.Rejudge(SampleRun.Events(), new Catalog(new ExitCodeProbe("core.time-sync")));
        Assert.Empty(outcome.Changes);
        Assert.Equal(3, outcome.Rejudged); // debian-12 Gen1 + Gen2, debian-11 Gen1; FreeBSD's two Errors are kept
        var cells = RunResultsBuilder.Build(outcome.Events).Cells.Where(c => c.Key.FeatureId == "core.time-sync").Select(c => c.Verdict);
        Assert.Equal([VerdictKind.Supported, VerdictKind.Supported, VerdictKind.Supported, VerdictKind.Error], cells);
    }

    [Fact]
    public void Rejudge_StricterRules_ReportsEveryChangedVerdict()
    {
        // Stored: storage.trim was "supported with caveat"; this judge sees exit 0 and says plainly supported.
        var outcome = Rejudger.Rejudge(SampleRun.Events(), new Catalog(new ExitCodeProbe("storage.trim")));
        Assert.Equal(2, outcome.Changes.Count);
        Assert.All(outcome.Changes, c => Assert.Equal((VerdictKind.SupportedWithCaveat, VerdictKind.Supported), (c.Was, c.Now)));
        Assert.Contains("180s", outcome.Changes[0].NowReason, StringComparison.Ordinal);
    }

    [Fact]
    public void Rejudge_ErrorAndPresetVerdicts_AreNeverRejudged()
    {
        var outcome = Rejudger.Rejudge(SampleRun.Events(), new Catalog(new ExitCodeProbe("misc.kvp"), new ExitCodeProbe("net.sriov")));
        var kvp = RunResultsBuilder.Build(outcome.Events).Cells.First(c => c.Key.FeatureId == "misc.kvp" && c.Key.Target == "debian-12");
        Assert.Equal(VerdictKind.Error, kvp.Attempts[0].Verdict); // SSH dropped: infrastructure, kept
        Assert.Empty(outcome.Changes);
        Assert.Contains(outcome.Events.OfType<ProbeJudged>(), j => j.Cell.FeatureId == "net.sriov" && j.Verdict == VerdictKind.NotOffered);
    }

    [Fact]
    public void Rejudge_NoProbeForFeature_KeepsVerdictAndSaysSo()
    {
        var outcome = Rejudger.Rejudge(SampleRun.Events(), new Catalog());
        Assert.Equal(0, outcome.Rejudged);
        Assert.Contains(outcome.Problems, p => p.Contains("core.time-sync", StringComparison.Ordinal) && p.Contains("no probe", StringComparison.Ordinal));
        Assert.Equal(SampleRun.Events().OfType<ProbeJudged>().Select(j => j.Verdict), outcome.Events.OfType<ProbeJudged>().Select(j => j.Verdict));
    }
}
