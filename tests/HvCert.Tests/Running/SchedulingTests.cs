using HvCert.Catalog;
using HvCert.Evidence;
using HvCert.Probes;
using HvCert.Running;
using HvCert.Tests.Running.Fakes;
using static HvCert.Tests.Running.Fakes.TestPlans;

namespace HvCert.Tests.Running;

public sealed class SchedulingTests
{
    private static HvCert.Planning.Plan FourGroups() => Plan(
    [
        Group("a", Generation.Gen1, ["core.heartbeat"]),
        Group("b", Generation.Gen2, ["core.heartbeat"]),
        Group("c", Generation.Gen1, ["storage.trim"]),
        Group("d", Generation.Gen2, ["storage.trim"]),
    ]);

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public async Task RunAsync_Slots_NeverMoreVmsAliveThanSlotsAndAllGroupsRun(int slots)
    {
        var plan = FourGroups();
        var backend = new FakeBackend { BootDelay = ct => Task.Delay(30, ct) };
        var run = new RunnerHarness(backend, CatalogFor(plan), slots, TimeProvider.System);

        await run.RunAsync(plan);

        Assert.Equal(slots, backend.MaxLive);
        Assert.Equal(4, run.Events<ProbeJudged>().Count);
        Assert.Equal(0, backend.Live);
    }

    [Fact]
    public async Task RunAsync_CancelledMidProbe_EveryVmDestroyedAndCancellationSurfaces()
    {
        var plan = FourGroups();
        var catalog = CatalogFor(plan);
        using var cts = new CancellationTokenSource();
        var inProbe = 0;
        catalog["core.heartbeat"].Before = async (_, _, ct) =>
        {
            if (Interlocked.Increment(ref inProbe) == 2)
            {
                await cts.CancelAsync();
            }

            await Task.Delay(Timeout.InfiniteTimeSpan, ct);
        };
        var backend = new FakeBackend();
        var run = new RunnerHarness(backend, catalog, slots: 4, TimeProvider.System);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run.RunAsync(plan, cts.Token));

        Assert.NotEmpty(backend.Vms);
        Assert.All(backend.Vms, vm => Assert.True(vm.Disposed));
        Assert.Equal(0, backend.Live);
        Assert.Equal(backend.Vms.Count, run.Events<VmDestroyed>().Count);
        // The probes cut short are "not run" (a resume runs them afresh), never an Error or a verdict.
        Assert.All(run.Events<ProbeJudged>().Where(j => j.Cell.FeatureId == "core.heartbeat"), j => Assert.True(j.Cancelled && j.Verdict == VerdictKind.Skipped));
    }

    [Theory]
    [InlineData(2, 8192, 2, 2)] // the 2-core lab machine, Gen1 + Gen2: both VMs at once
    [InlineData(2, 8192, 4, 2)]
    [InlineData(8, 65536, 4, 4)]
    [InlineData(8, 65536, 2, 2)]
    [InlineData(16, 6144, 10, 3)]
    [InlineData(1, 1024, 2, 1)]
    public void Default_Machine_FitsCoresMemoryAndGroups(int cores, long memoryMb, int groups, int expected)
    {
        Assert.Equal(expected, SlotPolicy.Default(cores, memoryMb, groups));
    }
}
