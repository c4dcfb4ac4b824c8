using HvCert.Hosts.Facets;
using HvCert.Tests.HyperV.Twin;

namespace HvCert.Tests.HyperV;

/// <summary>
/// The end-to-end twin run's Error and "cannot run" cells, each reduced to the host action behind it: live migration
/// (RemoveResourceSettings of the peer link), SR-IOV (the port's offload setting every connection has) and DDA (the pool
/// lease a failed assignment kept).
/// </summary>
public sealed class TwinHostGapTests
{
    [Fact]
    public async Task LiveMigration_DisconnectsPeerLinkThenMovesVmToSecondHost()
    {
        await using var t = TwinBackend.Create(secondHost: true);
        var vm = await t.Backend.ProvisionAsync(TwinBackend.Spec(), default);
        t.Lab.Clock.Advance(TimeSpan.FromMinutes(1));

        var moved = await vm.Facet<ILiveMigrationFacet>()!.MigrateAsync(default);

        Assert.True(moved.Ok, moved.Error);
        Assert.Empty(t.Lab.Hosts.SelectMany(h => h.Rejections));
        Assert.Equal("hv2", t.Vm.Host.Name);
        var port = Assert.Single(t.Vm.Settings("Msvm_EthernetPortAllocationSettingData"));
        Assert.Equal("hvcert-external", t.Vm.Host.Find(HvCert.HyperV.Cim.CimRef.ParseWmiPath(port.Strings("HostResource")[0]))!.String("ElementName"));
    }

    [Fact]
    public async Task SrIov_ModifiesTheOffloadSettingTheConnectionAlreadyHas()
    {
        await using var t = TwinBackend.Create(i => i with { SrIovSwitch = "hvcert-sriov" });
        var vm = await t.Backend.ProvisionAsync(TwinBackend.Spec(), default);
        t.Lab.Clock.Advance(TimeSpan.FromMinutes(1));

        var iov = await vm.Facet<ISrIovFacet>()!.EnableVirtualFunctionAsync(default);

        Assert.True(iov.Ok, iov.Error);
        Assert.Equal("1", iov.Observations["vf_count"]);
        Assert.Empty(t.Host.Rejections);
    }

    [Fact]
    public async Task SrIov_NoVirtualFunction_ReportsNone()
    {
        await using var t = TwinBackend.Create(i => i with { SrIovSwitch = "hvcert-sriov" }, new TwinOptions { NoVirtualFunction = true });
        var vm = await t.Backend.ProvisionAsync(TwinBackend.Spec(), default);
        t.Lab.Clock.Advance(TimeSpan.FromMinutes(1));

        var iov = await vm.Facet<ISrIovFacet>()!.EnableVirtualFunctionAsync(default);

        Assert.True(iov.Ok, iov.Error);
        Assert.Equal("0", iov.Observations["vf_count"]);
    }

    [Fact]
    public async Task Dda_AssignsDismountedDevice_AndMountsItBackWhenTheVmIsGone()
    {
        await using var t = TwinBackend.Create(i => i with { DdaPool = [TwinBackend.DdaLocation] });
        var vm = await t.Backend.ProvisionAsync(TwinBackend.Spec(), default);

        var assigned = await vm.Facet<IPciPassthroughFacet>()!.AssignDeviceAsync(default);

        Assert.True(assigned.Ok, assigned.Error);
        Assert.Empty(t.Host.Rejections);
        Assert.Equal(TwinBackend.DdaLocation, Assert.Single(t.Vm.AssignedPciDevices).LocationPath);
        await vm.DisposeAsync();
        Assert.False(t.Host.PciDevices[TwinBackend.DdaLocation].Dismounted);
    }

    [Fact]
    public async Task Dda_FailedAssignment_GivesTheDeviceBackToThePool()
    {
        await using var t = TwinBackend.Create(i => i with { DdaPool = [TwinBackend.DdaLocation] });
        t.Host.PciDevices.Clear(); // the host cannot find the device: Dismount fails with 32768
        var first = await t.Backend.ProvisionAsync(TwinBackend.Spec(), default);
        var failed = await first.Facet<IPciPassthroughFacet>()!.AssignDeviceAsync(default);
        Assert.False(failed.Ok);
        t.Host.AddPciDevice(TwinBackend.DdaLocation, TwinBackend.DdaInstance);

        var second = await t.Backend.ProvisionAsync(TwinBackend.Spec() with { Name = "hvc-vm2" }, default);
        var assigned = await second.Facet<IPciPassthroughFacet>()!.AssignDeviceAsync(default);

        Assert.True(assigned.Ok, assigned.Error + " " + assigned.Observations.GetValueOrDefault("reason"));
    }
}

/// <summary>
/// Teardown gives a DDA device back the way Microsoft documents it (Remove-VMAssignableDevice, then
/// Mount-VMHostAssignableDevice), and even when destroying the VM fails: before, a failed DestroySystem skipped the mount
/// and kept the dda_pool lease, so every later VM of the run read "assigned to other VMs" (5 of 6 cells of the full twin run).
/// </summary>
public sealed class TwinDdaTeardownTests
{
    [Fact]
    public async Task Dda_TeardownThatFails_StillRemovesAndMountsTheDevice_SoTheNextVmGetsIt()
    {
        await using var t = TwinBackend.Create(i => i with { DdaPool = [TwinBackend.DdaLocation] });
        var first = await t.Backend.ProvisionAsync(TwinBackend.Spec(), default);
        Assert.True((await first.Facet<IPciPassthroughFacet>()!.AssignDeviceAsync(default)).Ok);
        t.Host.Options.ExtraRule = (cls, method) => method == "DestroySystem" && cls == "Msvm_VirtualSystemManagementService"
            ? "Msvm_VirtualSystemManagementService.DestroySystem: refused by a test rule" : null;

        await Assert.ThrowsAnyAsync<Exception>(async () => await first.DisposeAsync());

        t.Host.Options.ExtraRule = null;
        var calls = t.Host.Calls.Select(c => c.Method).ToList();
        Assert.True(calls.LastIndexOf("RemoveResourceSettings") < calls.LastIndexOf("DestroySystem"), "the device is removed from the VM before it is destroyed");
        Assert.False(t.Host.PciDevices[TwinBackend.DdaLocation].Dismounted);
        var second = await t.Backend.ProvisionAsync(TwinBackend.Spec() with { Name = "hvc-vm2" }, default);
        var assigned = await second.Facet<IPciPassthroughFacet>()!.AssignDeviceAsync(default);
        Assert.True(assigned.Ok, assigned.Error);
    }
}

/// <summary>DDA through the whole runner: every VM of the run gets the pool's one device in turn.</summary>
public sealed class TwinDdaRunTests(Xunit.Abstractions.ITestOutputHelper output)
{
    [Fact]
    public async Task Dda_EveryCellOfTheRun_GetsThePoolsDeviceInTurn()
    {
        using var run = new TwinRun("2025");

        var results = await run.RunAsync(only: ["misc.pci-passthrough"]);

        output.WriteLine(TwinRun.Describe(results));
        var hv1 = run.Lab.Host("hv1")!;
        output.WriteLine(string.Join('\n', hv1.Rejections.Select(r => $"{r.Class}.{r.Method} {r.Code}: {r.Message}")));
        output.WriteLine(string.Join('\n', hv1.Calls.Where(c => c.Method is "MountAssignableDevice" or "DismountAssignableDevice" or "ApplySnapshot" or "DestroySystem").Select(c => c.Method)));
        Assert.Equal(6, results.Cells.Count);
        Assert.DoesNotContain(results.Cells, c => c.Verdict == HvCert.Probes.VerdictKind.NotOffered);
        Assert.False(hv1.PciDevices[TwinBackend.DdaLocation].Dismounted);
    }
}

/// <summary>A DDA device is mounted back on the host it was dismounted from, even when the VM has since moved.</summary>
public sealed class TwinDdaMigrationTests
{
    [Fact]
    public async Task Dda_AfterRevertAndLiveMigration_TeardownMountsTheDeviceOnItsOwnHost()
    {
        await using var t = TwinBackend.Create(i => i with { DdaPool = [TwinBackend.DdaLocation] }, secondHost: true);
        var vm = await t.Backend.ProvisionAsync(TwinBackend.Spec(), default);
        t.Lab.Clock.Advance(TimeSpan.FromMinutes(1));
        var revertible = (HvCert.Hosts.IRevertibleVm)vm;
        await revertible.SnapshotAsync("clean", default);
        Assert.True((await vm.Facet<IPciPassthroughFacet>()!.AssignDeviceAsync(default)).Ok);
        await revertible.RevertAsync("clean", default);
        t.Lab.Clock.Advance(TimeSpan.FromMinutes(1));
        Assert.True((await vm.Facet<ILiveMigrationFacet>()!.MigrateAsync(default)).Ok);

        await vm.DisposeAsync();

        Assert.False(t.Host.PciDevices[TwinBackend.DdaLocation].Dismounted);
        Assert.DoesNotContain(t.Lab.Hosts.SelectMany(h => h.Rejections), r => r.Method == "MountAssignableDevice");
    }
}
