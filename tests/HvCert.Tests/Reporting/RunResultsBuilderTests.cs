using HvCert.Catalog;
using HvCert.Probes;
using HvCert.Reporting;

namespace HvCert.Tests.Reporting;

public sealed class RunResultsBuilderTests
{
    private static readonly RunResults Results = SampleRun.Results();

    private static CellResult Cell(string target, Generation gen, string feature) =>
        Results.Cells.Single(c => c.Key.Target == target && c.Key.Generation == gen && c.Key.FeatureId == feature);

    [Fact]
    public void Build_RetriedError_FinalVerdictIsLastAttemptAndFirstAttemptKept()
    {
        var kvp = Cell("debian-12", Generation.Gen1, "misc.kvp");
        Assert.Equal(VerdictKind.Supported, kvp.Verdict);
        Assert.Equal([1, 2], kvp.Attempts.Select(a => a.Attempt));
        Assert.Equal(VerdictKind.Error, kvp.Attempts[0].Verdict);
        Assert.Equal(255, Assert.Single(kvp.Attempts[0].Commands).ExitCode);
    }

    [Fact]
    public void Build_AttemptStartedButNeverJudged_IsErrorNotNotSupported()
    {
        var heartbeat = Cell("debian-11", Generation.Gen1, "core.heartbeat");
        Assert.Equal(VerdictKind.Error, heartbeat.Verdict);
        Assert.Contains("never judged", heartbeat.Reason, StringComparison.Ordinal);
        Assert.Single(heartbeat.Attempts[0].Commands);
    }

    [Fact]
    public void Build_Run_TargetsGroupedByFamilyNewestReleaseFirst()
    {
        Assert.Equal(["debian-12", "debian-11", "freebsd-14.1"], Results.Targets.Select(t => t.Id));
        Assert.Equal(OsFamily.FreeBsd, Results.Targets[2].Os);
        Assert.Equal("FreeBSD", Results.Targets[2].Family);
        Assert.Equal("14.1", Results.Targets[2].Release);
    }

    [Fact]
    public void Build_CellsAndHostActions_OrderedByCatalogAndStepsInterleaved()
    {
        var debian12Gen1 = Results.Cells.Where(c => c.Key.Target == "debian-12" && c.Key.Generation == Generation.Gen1).Select(c => c.Key.FeatureId);
        Assert.Equal(["core.time-sync", "core.heartbeat", "net.jumbo-frames", "net.sriov", "storage.trim", "misc.kvp", "gen2.secure-boot"], debian12Gen1);
        var steps = Cell("debian-12", Generation.Gen1, "core.heartbeat").Attempts[0].Steps.ToList();
        Assert.IsType<HvCert.Evidence.CommandRan>(steps[0]);
        Assert.IsType<HvCert.Evidence.HostActionDone>(steps[1]);
    }

    [Fact]
    public void Build_RunInfoAndVms_ComeFromEvents()
    {
        Assert.Equal("run-20261125-120000", Results.Run.RunId);
        Assert.Equal(1, Results.Run.ExitCode);
        Assert.Equal(4, Results.Vms.Count);
        Assert.All(Results.Vms.Where(v => v.Target == "debian-12"), v => Assert.NotNull(v.DestroyedAt));
        Assert.Equal("SSH not accepted within 600 s", Results.Vms.Single(v => v.Target == "freebsd-14.1").ProvisionError);
        Assert.Equal("QEMU 7.2.15", Results.HostFacts?.Version);
        Assert.Equal(2, Results.Guests.Count);
        Assert.Equal("180s", Results.Cells.First(c => c.Attempts.Count > 0 && c.Attempts[0].StartedAt is not null).Attempts[0].Parameters?["timeout"]);
    }

    [Fact]
    public void Build_UnknownFeatureId_KeptWithNullFeature()
    {
        var events = SampleRun.Events();
        events.Add(new HvCert.Evidence.ProbeJudged(new HvCert.Planning.CellKey("debian-12", Generation.Gen1, "qemu", "gone.feature"), 1, VerdictKind.Supported, "old", 1));
        var cell = RunResultsBuilder.Build(events).Cells.Single(c => c.Key.FeatureId == "gone.feature");
        Assert.Null(cell.Feature);
        Assert.Equal("gone.feature", cell.FeatureName);
    }
}
