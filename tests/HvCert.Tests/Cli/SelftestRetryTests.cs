using HvCert.Catalog;
using HvCert.Cli.Selftest;
using HvCert.Hosts;
using HvCert.Probes;
using HvCert.Tests.Running.Fakes;

namespace HvCert.Tests.Cli;

/// <summary>
/// `hvcert selftest` treats a lab crash as the runner does: an infrastructure Error is retried once on a fresh VM, and
/// the group's other probes continue there. Before, the Gen1 live-migration positive that lost its VM failed its control.
/// </summary>
public sealed class SelftestRetryTests
{

    private static async Task<(Dictionary<string, Verdict> Verdicts, FakeBackend Backend, string Log)> RunAsync(params FakeProbe[] probes)
    {
        var backend = new FakeBackend();
        var log = new StringWriter();
        var runner = new SelftestRunner(backend, "debian-bookworm", Generation.Gen1, null, log, TimeProvider.System);
        var group = new SelftestGroup("positive", new HashSet<VmFault>(), probes, Negative: false);
        var verdicts = await runner.RunGroupAsync("st-test", group, CancellationToken.None);
        return (verdicts, backend, log.ToString());
    }

    private static FakeProbe CrashesOn(string feature, params int[] attempts) => new(feature)
    {
        Before = (_, attempt, _) => attempts.Contains(attempt)
            ? throw new InfrastructureException("QEMU exited unexpectedly (killed by signal 9)")
            : Task.CompletedTask,
    };

    [Fact]
    public async Task RunGroup_LabCrashUnderPositive_RetriedOnceOnFreshVmAndRestContinuesThere()
    {
        var first = new FakeProbe("core.heartbeat");
        var crashing = CrashesOn("net.live-migration", 1);
        var last = new FakeProbe("core.time-sync");

        var (verdicts, backend, log) = await RunAsync(first, crashing, last);

        Assert.Equal(VerdictKind.Supported, verdicts["net.live-migration"].Kind);
        Assert.Equal(2, backend.Vms.Count);
        Assert.Equal([backend.Vms[0].Name, backend.Vms[1].Name], crashing.RanOn);
        Assert.Equal([backend.Vms[1].Name], last.RanOn);
        Assert.Equal([backend.Vms[0].Name], first.RanOn); // a finished probe does not run again
        Assert.All(backend.Vms, vm => Assert.True(vm.Disposed));
        Assert.Contains("retrying once on a fresh VM", log, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunGroup_LabCrashTwice_EndsAsErrorAfterOneRetryNeverNotSupported()
    {
        var crashing = CrashesOn("net.live-migration", 1, 2, 3);
        var after = new FakeProbe("core.time-sync");

        var (verdicts, backend, _) = await RunAsync(crashing, after);

        Assert.Equal(VerdictKind.Error, verdicts["net.live-migration"].Kind);
        Assert.Contains("killed by signal 9", verdicts["net.live-migration"].Reason, StringComparison.Ordinal);
        Assert.Equal(2, crashing.RanOn.Count);
        Assert.Equal(VerdictKind.Supported, verdicts["core.time-sync"].Kind);
        Assert.Equal(3, backend.Vms.Count); // the crashed VM is not reused for the next probe
    }

    [Fact]
    public async Task RunGroup_FeatureFailure_IsNotRetried()
    {
        var failing = new FakeProbe("net.jumbo-frames") { JudgeWith = _ => Verdict.NotSupported("ping -M do failed: message too long") };

        var (verdicts, backend, _) = await RunAsync(failing);

        Assert.Equal(VerdictKind.NotSupported, verdicts["net.jumbo-frames"].Kind);
        Assert.Single(backend.Vms);
    }

    [Fact]
    public async Task RunGroup_VmNeverBootsTwice_EveryProbeIsErrorAfterOneRetry()
    {
        var backend = new FakeBackend();
        backend.FailProvisions.UnionWith([1, 2]);
        var runner = new SelftestRunner(backend, "debian-bookworm", Generation.Gen1, null, TextWriter.Null, TimeProvider.System);
        var group = new SelftestGroup("positive", new HashSet<VmFault>(), [new FakeProbe("core.heartbeat"), new FakeProbe("core.time-sync")], Negative: false);

        var verdicts = await runner.RunGroupAsync("st-test", group, CancellationToken.None);

        Assert.All(verdicts.Values, v => Assert.Equal(VerdictKind.Error, v.Kind));
        Assert.Equal(2, backend.Vms.Count);
    }
}
