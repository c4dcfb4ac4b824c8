using HvCert.Evidence;
using HvCert.Probes;
using Xunit.Abstractions;

namespace HvCert.IntegrationTests.Qemu.Faults;

/// <summary>
/// The two lab faults that once became verdicts (issue #16), reproduced on a real lab run. QEMU frozen (SIGSTOP) while
/// heartbeat's host step (the agent ping) ran read as "host sees no heartbeat from the guest", Not supported, not
/// retried. The guest's disk full made time sync ("hwclock failed"), TRIM (mkdir: No space left on device) and file copy
/// (guest-file-write: No space left on device) Not supported. Each must now end its attempt as an infrastructure Error
/// naming the fault, retried once on a fresh VM, where the probe passes; and the run must leave nothing behind.
/// </summary>
[Collection(QemuLabCollection.Name)]
public sealed class FaultScenarioTests(ITestOutputHelper output)
{
    [QemuLabFact]
    public async Task HeartbeatStall_QemuFrozenDuringHostStep_ErrorRetriedOnFreshVm()
    {
        // After heartbeat's guest step (1) is recorded, before its host step (2, the agent ping) starts.
        var (events, run, runId) = await LabFaultRun.RunAsync(["core.heartbeat"],
            e => e is CommandRan { Cell.FeatureId: "core.heartbeat", Attempt: 1, Step: 1 } ? "core.heartbeat" : null,
            vm => LabFaultRun.Freeze(vm, 40), output);

        Assert.Single(run.Injected);
        var judged = Judged(events, "core.heartbeat");
        Assert.Equal([(1, VerdictKind.Error, true), (2, VerdictKind.Supported, false)], judged.Select(j => (j.Attempt, j.Verdict, j.WillRetry)));
        Assert.Contains("timed out", judged[0].Reason, StringComparison.Ordinal);
        Assert.Contains("stalled", judged[0].Reason, StringComparison.Ordinal);
        AssertRetriedOnAnotherVm(events, "core.heartbeat");
        Assert.Equal("", LabFaultRun.Leftovers(runId));
    }

    private List<ProbeJudged> Judged(IReadOnlyList<EvidenceEvent> events, string feature)
    {
        var judged = events.OfType<ProbeJudged>().Where(j => j.Cell.FeatureId == feature).ToList();
        foreach (var j in judged)
        {
            output.WriteLine($"{feature}#{j.Attempt}: {j.Verdict}{(j.WillRetry ? " (retry)" : "")}: {j.Reason}");
        }

        return judged;
    }

    private static void AssertRetriedOnAnotherVm(IReadOnlyList<EvidenceEvent> events, string feature)
    {
        var vms = events.OfType<ProbeStarted>().Where(p => p.Cell.FeatureId == feature).OrderBy(p => p.Attempt).Select(p => p.VmKey).ToList();
        Assert.Equal(2, vms.Count);
        Assert.NotEqual(vms[0], vms[1]);
    }
}
