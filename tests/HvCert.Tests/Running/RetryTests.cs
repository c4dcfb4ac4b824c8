using HvCert.Catalog;
using HvCert.Evidence;
using HvCert.Hosts;
using HvCert.Probes;
using HvCert.Tests.Running.Fakes;
using HvCert.Transport;
using Microsoft.Extensions.Time.Testing;
using static HvCert.Tests.Running.Fakes.TestPlans;

namespace HvCert.Tests.Running;

public sealed class RetryTests
{
    [Fact]
    public async Task RunAsync_GuestUnreachableOnce_ErrorRecordedThenRetriedOnFreshVm()
    {
        var plan = Plan([Group("g1", Generation.Gen1, ["core.heartbeat", "storage.trim"])]);
        var catalog = CatalogFor(plan);
        catalog["core.heartbeat"].Before = (_, attempt, _) =>
            attempt == 1 ? throw new GuestUnreachableException("ssh connection dropped") : Task.CompletedTask;
        var run = new RunnerHarness(new FakeBackend(), catalog);

        await run.RunAsync(plan);

        var judged = run.Judged("core.heartbeat");
        Assert.Equal([(1, VerdictKind.Error, true), (2, VerdictKind.Supported, false)], judged.Select(j => (j.Attempt, j.Verdict, j.WillRetry)));
        Assert.Contains("ssh connection dropped", judged[0].Reason);
        Assert.Equal(["g1#1", "g1#2", "g1#2"], run.Events<ProbeStarted>().Select(p => p.VmKey));
        Assert.Equal(VerdictKind.Supported, Assert.Single(run.Judged("storage.trim")).Verdict);
        Assert.All(run.Backend.Vms, vm => Assert.True(vm.Disposed));
    }

    [Theory]
    [InlineData("infrastructure")]
    [InlineData("unreachable")]
    [InlineData("timeout")]
    public async Task RunAsync_InfrastructureFailsTwice_FinalErrorNeverNotSupported(string failure)
    {
        var plan = Plan([Group("g1", Generation.Gen1, ["core.heartbeat"])]);
        var catalog = CatalogFor(plan);
        catalog["core.heartbeat"].Before = (_, _, _) => throw (failure switch
        {
            "infrastructure" => new InfrastructureException("QMP socket closed"),
            "unreachable" => new GuestUnreachableException("ssh refused"),
            _ => (Exception)new TimeoutException("no answer"),
        });
        var run = new RunnerHarness(new FakeBackend(), catalog);

        await run.RunAsync(plan);

        var judged = run.Judged("core.heartbeat");
        Assert.Equal([(1, true), (2, false)], judged.Select(j => (j.Attempt, j.WillRetry)));
        Assert.All(judged, j => Assert.Equal(VerdictKind.Error, j.Verdict));
        Assert.Equal(2, run.Backend.Vms.Count);
    }

    [Fact]
    public async Task RunAsync_ProbeBugThrows_ErrorWithoutRetryAndVmKeptForNextProbe()
    {
        var plan = Plan([Group("g1", Generation.Gen1, ["core.heartbeat", "storage.trim"])]);
        var catalog = CatalogFor(plan);
        catalog["core.heartbeat"].Before = (_, _, _) => throw new InvalidOperationException("bug in parser");
        var run = new RunnerHarness(new FakeBackend(), catalog);

        await run.RunAsync(plan);

        var judged = Assert.Single(run.Judged("core.heartbeat"));
        Assert.Equal(VerdictKind.Error, judged.Verdict);
        Assert.Contains("bug in parser", judged.Reason);
        Assert.Single(run.Backend.Vms);
    }

    [Fact]
    public async Task RunAsync_FirstBootFails_AllCellsErrorThenRetriedOnSecondVm()
    {
        var plan = Plan([Group("g1", Generation.Gen1, ["core.heartbeat", "storage.trim"])]);
        var backend = new FakeBackend { FailProvisions = { 1 } };
        var run = new RunnerHarness(backend, CatalogFor(plan));

        await run.RunAsync(plan);

        var failed = Assert.Single(run.Events<VmProvisionFailed>());
        Assert.Contains("fake boot 1 failed", failed.Error);
        foreach (var feature in new[] { "core.heartbeat", "storage.trim" })
        {
            Assert.Equal([(1, VerdictKind.Error), (2, VerdictKind.Supported)], run.Judged(feature).Select(j => (j.Attempt, j.Verdict)));
        }

        Assert.Equal(["core.heartbeat", "storage.trim"], run.Events<ProbeStarted>().Select(p => p.Cell.FeatureId));
    }

    [Fact]
    public async Task RunAsync_BothBootsFail_FinalErrorsAndNoThirdBoot()
    {
        var plan = Plan([Group("g1", Generation.Gen1, ["core.heartbeat"])]);
        var run = new RunnerHarness(new FakeBackend { FailProvisions = { 1, 2 } }, CatalogFor(plan));

        await run.RunAsync(plan);

        Assert.Equal(2, run.Backend.Vms.Count);
        Assert.Equal([(1, true), (2, false)], run.Judged("core.heartbeat").Select(j => (j.Attempt, j.WillRetry)));
        Assert.Empty(run.Events<ProbeStarted>());
    }

    [Fact]
    public async Task RunAsync_ProbeExceedsCellTimeout_ErrorAfterTimeoutOnFakeClock()
    {
        var time = new FakeTimeProvider(EvidenceTestTime.T0);
        var cell = Cell("core.heartbeat", timeout: TimeSpan.FromSeconds(90));
        var plan = Plan([new("g1", Debian12, Generation.Gen1, false, "qemu", [cell], [])]);
        var catalog = CatalogFor(plan);
        var hanging = new TaskCompletionSource();
        catalog["core.heartbeat"].Before = async (_, attempt, ct) =>
        {
            hanging.TrySetResult();
            await Task.Delay(Timeout.InfiniteTimeSpan, ct);
        };
        var run = new RunnerHarness(new FakeBackend(), catalog, time: time);

        var running = run.RunAsync(plan);
        for (var i = 0; i < 2; i++)
        {
            await hanging.Task.WaitAsync(TimeSpan.FromSeconds(10));
            hanging = new TaskCompletionSource();
            await Task.Delay(50);
            time.Advance(TimeSpan.FromSeconds(91));
        }

        await running.WaitAsync(TimeSpan.FromSeconds(10));
        var judged = run.Judged("core.heartbeat");
        Assert.Equal(2, judged.Count);
        Assert.All(judged, j => Assert.Equal(VerdictKind.Error, j.Verdict));
        Assert.Contains("90s timeout", judged[0].Reason);
    }
}
