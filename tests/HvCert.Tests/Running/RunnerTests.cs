using HvCert.Catalog;
using HvCert.Evidence;
using HvCert.Probes;
using HvCert.Tests.Running.Fakes;
using static HvCert.Tests.Running.Fakes.TestPlans;

namespace HvCert.Tests.Running;

public sealed class RunnerTests
{
    private static readonly string[] SharedFeatures = ["net.jumbo-frames", "core.heartbeat", "storage.trim"];
    private static readonly string[] IsolatedFeatures = ["core.shutdown", "misc.nmi", "memory.ballooning"];

    [Fact]
    public async Task RunAsync_RevertibleVm_SharedInOrderThenEachIsolatedAfterARevertOnOneVm_ShutdownLast()
    {
        var plan = Plan([Group("g1", Generation.Gen1, SharedFeatures, IsolatedFeatures)]);
        var run = new RunnerHarness(new FakeBackend(revertible: true), CatalogFor(plan));

        await run.RunAsync(plan);

        var vm = Assert.IsType<FakeRevertibleVm>(Assert.Single(run.Backend.Vms));
        Assert.Equal(["snapshot hvcert-clean", "revert hvcert-clean", "revert hvcert-clean", "revert hvcert-clean"], vm.Calls);
        Assert.Equal(SharedFeatures.Concat(["misc.nmi", "memory.ballooning", "core.shutdown"]), run.Events<ProbeStarted>().Select(p => p.Cell.FeatureId));
        Assert.All(run.Events<ProbeJudged>(), j => Assert.Equal(VerdictKind.Supported, j.Verdict));
        Assert.True(vm.Disposed);
        Assert.Single(run.Events<VmDestroyed>());
    }

    [Fact]
    public async Task RunAsync_VmCannotRevert_FirstIsolatedOnGroupVmThenFreshVms()
    {
        var plan = Plan([Group("g1", Generation.Gen1, SharedFeatures, IsolatedFeatures)]);
        var run = new RunnerHarness(new FakeBackend(), CatalogFor(plan));

        await run.RunAsync(plan);

        Assert.Equal(3, run.Backend.Vms.Count);
        var started = run.Events<ProbeStarted>();
        Assert.Equal(["g1#1", "g1#1", "g1#1", "g1#1", "g1#2", "g1#3"], started.Select(p => p.VmKey));
        Assert.All(run.Backend.Vms, vm => Assert.True(vm.Disposed));
        Assert.Equal(0, run.Backend.Live);
    }

    [Fact]
    public async Task RunAsync_ProvisionedVm_RecordsVmAndGuestFactsBeforeProbes()
    {
        var plan = Plan([Group("g1", Generation.Gen2, ["core.heartbeat"])]);
        var run = new RunnerHarness(new FakeBackend(), CatalogFor(plan));

        await run.RunAsync(plan);

        var events = run.Recorder.Snapshot();
        var provisioned = Assert.IsType<VmProvisioned>(events[0]);
        Assert.Equal(Generation.Gen2, provisioned.Generation);
        Assert.Equal("virtio-net-pci", Assert.Single(provisioned.OfferedDevices).Model);
        var facts = Assert.IsType<GuestFactsRecorded>(events[1]);
        Assert.Equal("Debian GNU/Linux 12 (bookworm)", facts.Distro);
        Assert.IsType<ProbeStarted>(events[2]);
    }

    [Fact]
    public async Task RunAsync_PresetAndProbelessCells_JudgedWithoutAnyVm()
    {
        var plan = Plan([Group("g1", Generation.Gen1, ["misc.hv-sockets"])],
            [Cell("gen2.uefi", preset: Verdict.NotApplicable("Gen2 only")), Cell("net.sriov", preset: Verdict.NotOffered("no SR-IOV in QEMU 7.2"))]);
        var run = new RunnerHarness(new FakeBackend(), new FakeCatalog());

        await run.RunAsync(plan);

        Assert.Empty(run.Backend.Vms);
        Assert.Equal(VerdictKind.NotApplicable, Assert.Single(run.Judged("gen2.uefi")).Verdict);
        Assert.Equal("no SR-IOV in QEMU 7.2", Assert.Single(run.Judged("net.sriov")).Reason);
        var skipped = Assert.Single(run.Judged("misc.hv-sockets"));
        Assert.Equal(VerdictKind.Skipped, skipped.Verdict);
        Assert.Equal("no probe for linux", skipped.Reason);
    }

    [Fact]
    public async Task RunAsync_ProbeCommandFails_JudgeSaysNotSupportedFromEvidence()
    {
        var plan = Plan([Group("g1", Generation.Gen1, ["core.heartbeat"])]);
        var catalog = CatalogFor(plan);
        catalog["core.heartbeat"].Before = (ctx, _, ct) => ctx.ExecAsync(2, "unrelated", TimeSpan.FromSeconds(1), ct);
        var run = new RunnerHarness(new FakeBackend(), catalog);

        await run.RunAsync(plan);

        Assert.Equal(VerdictKind.Supported, Assert.Single(run.Judged("core.heartbeat")).Verdict);
        Assert.Equal([2, 1], run.Events<CommandRan>().Where(c => c.Cell.FeatureId == "core.heartbeat").Select(c => c.Step));
    }
}
