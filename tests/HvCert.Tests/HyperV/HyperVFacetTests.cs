using HvCert.Catalog;
using HvCert.Hosts;
using HvCert.Hosts.Facets;
using HvCert.HyperV;
using HvCert.HyperV.Cim;
using HvCert.HyperV.Inventory;
using HvCert.Transport;

namespace HvCert.Tests.HyperV;

/// <summary>The facets that need optional inventory entries (VLAN peer, SAN, SR-IOV switch, second host) or change memory.</summary>
public sealed class HyperVFacetTests : IDisposable
{
    private readonly string share = Directory.CreateTempSubdirectory("hvcert-hyperv-facets").FullName;
    private readonly FakeCimGateway gateway = FakeHyperVHost.Create();
    private readonly FakeCimGateway destination = FakeHyperVHost.Create();

    private HyperVInventory Inventory => HyperVInventory.Default with
    {
        Host = HyperVInventory.Default.Host with { Storage = new HostStorage(@"D:\hvcert", share) },
        SecondHost = HyperVInventory.Default.Host with { Address = "hv2", Storage = new HostStorage(@"E:\hvcert", share) },
        Switch = "hvcert-external",
        Templates = new Dictionary<string, IReadOnlyDictionary<Generation, string>> { ["debian-12"] = new Dictionary<Generation, string> { [Generation.Gen2] = @"D:\t.vhdx" } },
        Vlan = new VlanPeer("198.51.100.1", "198.51.100.10", 24, "access", null),
        San = "hvcert-san",
    };

    private async Task<IVm> ProvisionAsync(HyperVInventory inventory, params VmFault[] faults)
    {
        gateway.Store.Add(CimInstanceData.Create("Msvm_ResourcePool", ("InstanceID", CimValue.Of("Microsoft:FcPool")),
            ("ResourceSubType", CimValue.Of("Microsoft:Hyper-V:FibreChannel Connection")), ("PoolID", CimValue.Of("hvcert-san"))));
        foreach (var (cls, sub) in new[] { ("Msvm_SyntheticFcPortSettingData", "Microsoft:Hyper-V:Synthetic FibreChannel Port"), ("Msvm_FcPortAllocationSettingData", "Microsoft:Hyper-V:FibreChannel Connection") })
        {
            gateway.Store.Add(CimInstanceData.Create(cls, ("InstanceID", CimValue.Of($@"Microsoft:Definition\{cls}\Default")), ("ResourceSubType", CimValue.Of(sub))));
        }

        var backend = HyperVBackendFactory.CreateWith(inventory, h => h.Address == "hv2" ? destination : gateway,
            (_, _, _) => Task.FromResult<IGuestTransport>(null!), TimeProvider.System);
        return await backend.ProvisionAsync(new VmSpec("run7", "hvc-f", "debian-12", Generation.Gen2, true, Faults: faults.ToHashSet()), default);
    }

    [Fact]
    public async Task DescribeHbaAsync_San_ReadsBackTheWwnsAddedAtProvisioning()
    {
        var vm = await ProvisionAsync(Inventory);

        var hba = await vm.Facet<IFibreChannelFacet>()!.DescribeHbaAsync(default);

        Assert.Matches("^C003FF[0-9A-F]{10}$", hba.Get("wwpn")!);
        Assert.Equal(vm.Settings["fc.wwpn"], hba.Get("wwpn"));
        var connection = gateway.Invocations("AddResourceSettings").SelectMany(c => c.Embedded("ResourceSettings")).Single(r => r.ClassName == "Msvm_FcPortAllocationSettingData");
        Assert.Equal("hvcert-san", connection.String("PoolID")); // Microsoft's FC sample wires by PoolID (TwinDefectTests checks it against the twin)
        Assert.Contains(vm.OfferedDevices, d => d.Role == DeviceRole.FibreChannel);
    }

    [Fact]
    public async Task ProvisionAsync_NoWwnFault_AddsNoHba()
    {
        var vm = await ProvisionAsync(Inventory, VmFault.NoWwn);

        Assert.DoesNotContain(gateway.Invocations("AddResourceSettings").SelectMany(c => c.Embedded("ResourceSettings")), r => r.ClassName == "Msvm_SyntheticFcPortSettingData");
        Assert.Equal("Failure", (await vm.Facet<IFibreChannelFacet>()!.DescribeHbaAsync(default)).Ok ? "Success" : "Failure");
    }

    [Fact]
    public async Task MigrateAsync_SecondHost_MovesVmAndStorageThenTalksToDestination()
    {
        var vm = await ProvisionAsync(Inventory);
        gateway.Store.Add(CimInstanceData.Create("Msvm_StorageAllocationSettingData", ("InstanceID", CimValue.Of($"Microsoft:{FakeHyperVHost.VmId}\\disk0")),
            ("ResourceSubType", CimValue.Of("Microsoft:Hyper-V:Virtual Hard Disk")), ("HostResource", CimValue.Strings(@"D:\hvcert\hvc-f-run7-os.vhdx"))));
        gateway.Handlers[("Msvm_VirtualSystemMigrationService", "MigrateVirtualSystemToHost")] = (_, _) => gateway.Job("MIG");
        destination.Load("vm-defined.xml");

        var result = await vm.Facet<ILiveMigrationFacet>()!.MigrateAsync(default);

        Assert.True(result.Ok, result.Error);
        var call = gateway.Invocations("MigrateVirtualSystemToHost").Single();
        Assert.Equal("hv2", call.Arg("DestinationHost")!.Text);
        Assert.Equal(32771, call.Embedded("MigrationSettingData")[0].Number("MigrationType"));
        Assert.Equal(@"E:\hvcert\hvc-f-run7-os.vhdx", call.Embedded("NewResourceSettingData")[0].Strings("HostResource")[0]);
        Assert.Equal("hv2", result.Get("destination"));
        await vm.Facet<INmiFacet>()!.InjectNmiAsync(default);
        Assert.Single(destination.Invocations("InjectNonMaskableInterrupt"));
    }

    [Fact]
    public async Task MemoryFacets_DynamicVm_HotAddRaisesMaximumAndBalloonLowersMinimum_NeverCrossingStartup()
    {
        var vm = await ProvisionAsync(Inventory);
        Assert.Equal("dynamic", vm.Settings["memory.mode"]);

        // Hyper-V keeps minimum <= startup <= maximum (the twin enforces it: TwinDefectTests); the fake only records.
        await vm.Facet<IMemoryHotAddFacet>()!.HotAddAsync(500, default);
        var memory = gateway.Store.Single(i => i.ClassName == "Msvm_MemorySettingData");
        Assert.True(memory.Number("Limit") >= memory.Number("VirtualQuantity") + 500);
        Assert.True(memory.Number("Reservation") <= memory.Number("VirtualQuantity"));
        Assert.True(memory.Bool("DynamicMemoryEnabled"));

        var balloon = await vm.Facet<IBalloonFacet>()!.SetTargetAsync(768, default);
        Assert.Equal(("768", "768"), (balloon.Get("target_mb"), balloon.Get("actual_mb")));

        var resize = await vm.Facet<IRuntimeMemoryResizeFacet>()!.ResizeAsync(2048, default);
        Assert.Equal("2048", resize.Get("size_mb"));
    }

    [Fact]
    public async Task Balloon_ReclaimAfterHotAdd_AsksFromTheStartupReadAtThatStep()
    {
        // Issue #14: the balloon step reads what the VM has when it runs (hot-add raised only the maximum), never the boot-time request.
        var vm = await ProvisionAsync(Inventory);
        await vm.Facet<IMemoryHotAddFacet>()!.HotAddAsync(512, default);
        var startup = gateway.Store.Single(i => i.ClassName == "Msvm_MemorySettingData").Number("VirtualQuantity");

        var balloon = await vm.Facet<IBalloonFacet>()!.ReclaimAsync(256, default);

        Assert.Equal(startup.ToString(), balloon.Get("before_mb"));
        Assert.Equal((startup - 256).ToString(), balloon.Get("target_mb"));
    }

    [Fact]
    public async Task TimeSync_Toggle_WritesEnabledStateAndSyncNowRestartsIc()
    {
        var vm = await ProvisionAsync(Inventory);
        var facet = vm.Facet<ITimeSyncFacet>()!;

        await facet.SetTimeSyncAsync(false, default);
        Assert.Equal(3, gateway.Store.Single(i => i.ClassName == "Msvm_TimeSyncComponentSettingData").Number("EnabledState"));
        var sync = await facet.SyncNowAsync(default);
        Assert.Equal(2, gateway.Store.Single(i => i.ClassName == "Msvm_TimeSyncComponentSettingData").Number("EnabledState"));
        Assert.Equal("ic-restart", sync.Get("method"));
    }

    [Fact]
    public async Task KeyValue_ExistingKey_ModifiesAndRemoveAndIntrinsicWork()
    {
        var vm = await ProvisionAsync(Inventory);
        var settings = gateway.Store.First(i => i.ClassName == "Msvm_KvpExchangeComponentSettingData");
        var existing = CimXml.Write(CimInstanceData.Create("Msvm_KvpExchangeDataItem", ("Name", CimValue.Of("k")), ("Data", CimValue.Of("old")), ("Source", CimValue.UInt16(0))));
        gateway.Replace(settings.With(("HostExchangeItems", CimValue.Strings(existing))));
        var facet = (HvCert.HyperV.Facets.KeyValueFacet)vm.Facet<IKeyValueFacet>()!;

        Assert.Equal("ModifyKvpItems", (await facet.WriteHostItemAsync("k", "new", default)).Action);
        Assert.True((await facet.RemoveHostItemAsync("k", default)).Ok);
        Assert.Equal("k", gateway.Invocations("RemoveKvpItems").Single().Embedded("DataItems")[0].String("Name"));
        var intrinsic = await facet.ReadIntrinsicItemsAsync(default);
        Assert.Equal("Debian GNU/Linux", intrinsic.Get("OSName"));
    }

    [Fact]
    public async Task OffloadsQueuesAndSrIov_ReadPortOffloadSettings()
    {
        var vm = await ProvisionAsync(Inventory with { SrIovSwitch = "hvcert-external" }, VmFault.SingleCpu);
        gateway.Store.Add(CimInstanceData.Create("Msvm_EthernetSwitchPortOffloadData", ("InstanceID", CimValue.Of($"Microsoft:{FakeHyperVHost.VmId}\\offload")),
            ("IovVfDataPathActive", CimValue.Of(true)), ("IovVfId", CimValue.Of("3"))));

        Assert.Equal("1", (await vm.Facet<IMultiQueueNicFacet>()!.DescribeQueuesAsync(default)).Get("queues"));
        var offloads = await vm.Facet<INicOffloadFacet>()!.DescribeOffloadsAsync(default);
        Assert.Equal(("on", "100", "0"), (offloads.Get("tso"), offloads.Get("vmq_weight"), offloads.Get("iov_weight")));
        var iov = await vm.Facet<ISrIovFacet>()!.EnableVirtualFunctionAsync(default);
        Assert.Equal("1", iov.Get("vf_count"));
        Assert.Equal(100, gateway.Invocations("ModifyFeatureSettings").Single().Embedded("FeatureSettings")[0].Number("IOVOffloadWeight"));
    }

    [Fact]
    public async Task SrIovDisabled_SetsIovWeightZero_SoNoVirtualFunctionIsOffered()
    {
        // Issue #14: SR-IOV's negative control (declared, expressed by no backend before), set on the VM's own port.
        var vm = await ProvisionAsync(Inventory with { SrIovSwitch = "hvcert-external" }, VmFault.SrIovDisabled);
        gateway.Store.Add(CimInstanceData.Create("Msvm_EthernetSwitchPortOffloadData", ("InstanceID", CimValue.Of($"Microsoft:{FakeHyperVHost.VmId}\\offload")),
            ("IovVfDataPathActive", CimValue.Of(false))));

        var iov = await vm.Facet<ISrIovFacet>()!.EnableVirtualFunctionAsync(default);

        Assert.Equal(0, gateway.Invocations("ModifyFeatureSettings").Single().Embedded("FeatureSettings")[0].Number("IOVOffloadWeight"));
        Assert.Equal("0", iov.Get("vf_count"));
    }

    [Fact]
    public async Task MouseVideoAndDeviceBus_UseRuntimeDevices()
    {
        var vm = await ProvisionAsync(Inventory);
        gateway.Handlers[("Msvm_SyntheticMouse", "SetAbsolutePosition")] = (_, _) => FakeCimGateway.Done();
        gateway.Handlers[("Msvm_VirtualSystemManagementService", "GetVirtualSystemThumbnailImage")] = (_, _) =>
            FakeCimGateway.Done(("ImageData", new CimValue(CimKind.UInt8, true, Enumerable.Repeat<string?>("0", 160 * 120 * 2).ToList(), [])));

        Assert.Equal("300", (await vm.Facet<IMouseFacet>()!.MovePointerAsync(300, 200, default)).Get("x"));
        Assert.Equal("300", gateway.Invocations("SetAbsolutePosition").Single().Arg("horizontalPosition")!.Text);
        var video = await vm.Facet<IVideoFacet>()!.ScreenshotAsync(default);
        Assert.Equal(("1024", "768", "38400"), (video.Get("width"), video.Get("height"), video.Get("screenshot_bytes")));
        var bus = await vm.Facet<IDeviceBusFacet>()!.ListDevicesAsync(default);
        Assert.Equal(vm.OfferedDevices.Count.ToString(), bus.Get("count"));
    }

    [Fact]
    public async Task HostSocket_RegistersServiceGuidConnectsAndUnregisters()
    {
        var registry = new List<string>();
        foreach (var method in new[] { "CreateKey", "SetStringValue", "DeleteKey" })
        {
            gateway.Handlers[("StdRegProv", method)] = (_, args) => { registry.Add(method + " " + args[1].Value.Text); return FakeCimGateway.Done(); };
        }

        var backend = (HyperVBackend)HyperVBackendFactory.CreateWith(Inventory with { San = null }, _ => gateway, (_, _, _) => Task.FromResult<IGuestTransport>(null!), TimeProvider.System);
        (Guid Vm, Guid Service)? seen = null;
        backend.hvSockets = (vmId, service, payload, _) => { seen = (vmId, service); return Task.FromResult("echo:" + payload); };
        var vm = await backend.ProvisionAsync(new VmSpec("run7", "hvc-f", "debian-12", Generation.Gen2, true), default);

        var result = await vm.Facet<IHostSocketFacet>()!.ConnectAsync(5000, "ping", default);

        Assert.Equal("echo:ping", result.Get("echo"));
        Assert.Equal(Guid.Parse("00001388-facb-11e6-bd58-64006a7986d3"), seen!.Value.Service);
        Assert.Equal(Guid.Parse(FakeHyperVHost.VmId), seen.Value.Vm);
        Assert.Equal(3, registry.Count);
        Assert.EndsWith(@"GuestCommunicationServices\{00001388-facb-11e6-bd58-64006a7986d3}", registry[0]);
        Assert.StartsWith("DeleteKey", registry[2]);
    }

    public void Dispose() => Directory.Delete(share, recursive: true);
}
