using HvCert.Catalog;
using HvCert.Evidence;
using HvCert.Probes;
using HvCert.Tests.Running.Fakes;
using static HvCert.Tests.Running.Fakes.TestPlans;

namespace HvCert.Tests.Running;

public sealed class ResumeTests
{
    [Fact]
    public async Task RunAsync_PriorEvidence_FinishedCellsNotRerunAndAttemptsContinue()
    {
        var plan = Plan([Group("g1", Generation.Gen1, ["net.jumbo-frames", "core.heartbeat", "storage.trim"], ["core.shutdown"])],
            [Cell("gen2.uefi", preset: Verdict.NotApplicable("Gen2 only"))]);
        var jumbo = plan.Groups[0].Shared[0].Key;
        var heartbeat = plan.Groups[0].Shared[1].Key;
        var trim = plan.Groups[0].Shared[2].Key;
        var uefi = plan.Preset[0].Key;
        EvidenceEvent[] prior =
        [
            new ProbeJudged(uefi, 1, VerdictKind.NotApplicable, "Gen2 only", 0),
            new ProbeStarted(jumbo, 1, "g1#1"),
            new ProbeJudged(jumbo, 1, VerdictKind.Supported, "ok", 1),
            new ProbeStarted(heartbeat, 1, "g1#1"),
            new ProbeJudged(heartbeat, 1, VerdictKind.Error, "ssh dropped", 1) { WillRetry = true },
            new VmProvisioned("g1#2", "vm", "debian-12", Generation.Gen1, false, [], [], new Dictionary<string, string>(), 30),
            new ProbeStarted(trim, 1, "g1#2"), // killed mid-probe: no verdict
        ];
        var run = new RunnerHarness(new FakeBackend(), CatalogFor(plan), prior: prior);

        await run.RunAsync(plan);

        var started = run.Events<ProbeStarted>().Skip(3).Select(p => (p.Cell.FeatureId, p.Attempt));
        Assert.Equal([("core.heartbeat", 2), ("storage.trim", 2), ("core.shutdown", 1)], started);
        Assert.Empty(run.Catalog["net.jumbo-frames"].RanOn);
        Assert.Single(run.Judged("gen2.uefi"));
        Assert.Equal("g1#3", run.Events<VmProvisioned>().Skip(1).First().VmKey); // numbering continues after the killed run's VMs
    }

    [Fact]
    public async Task RunAsync_ResumedCellThatAlreadyUsedItsRetry_FailsWithoutAnotherRetry()
    {
        var plan = Plan([Group("g1", Generation.Gen1, ["core.heartbeat"])]);
        var heartbeat = plan.Groups[0].Shared[0].Key;
        EvidenceEvent[] prior = [new ProbeJudged(heartbeat, 1, VerdictKind.Error, "ssh dropped", 1) { WillRetry = true }];
        var catalog = CatalogFor(plan);
        catalog["core.heartbeat"].Before = (_, _, _) => throw new HvCert.Transport.GuestUnreachableException("still down");
        var run = new RunnerHarness(new FakeBackend(), catalog, prior: prior);

        await run.RunAsync(plan);

        var judged = run.Judged("core.heartbeat");
        Assert.Equal([(1, true), (2, false)], judged.Select(j => (j.Attempt, j.WillRetry)));
    }
}
