using HvCert.Catalog;
using HvCert.Hosts;
using HvCert.Hosts.Facets;
using HvCert.HyperV;
using HvCert.HyperV.Cim;
using HvCert.HyperV.Inventory;
using HvCert.Transport;
using HvCert.Transport.Ssh;
using Microsoft.Extensions.Time.Testing;

namespace HvCert.Tests.HyperV;

public sealed class HyperVBackendTests : IDisposable
{
    private readonly string share = Directory.CreateTempSubdirectory("hvcert-hyperv-test").FullName;
    private readonly FakeCimGateway gateway = FakeHyperVHost.Create();
    private readonly List<SshEndpoint> connected = [];

    private HyperVInventory Inventory => HyperVInventory.Default with
    {
        Host = HyperVInventory.Default.Host with { Storage = new HostStorage(@"D:\hvcert", share) },
        Switch = "hvcert-external",
        Templates = new Dictionary<string, IReadOnlyDictionary<Generation, string>> { ["debian-12"] = new Dictionary<Generation, string> { [Generation.Gen2] = @"D:\templates\debian-12.vhdx", [Generation.Gen1] = @"D:\templates\debian-12-g1.vhdx" } },
        LowMmioGapMb = 512,
    };

    private IHostBackend Backend(HyperVInventory? inventory = null) => HyperVBackendFactory.CreateWith(inventory ?? Inventory, _ => gateway,
        (endpoint, _, _) => { connected.Add(endpoint); return Task.FromResult<IGuestTransport>(null!); }, TimeProvider.System);

    private static VmSpec Spec(Generation gen = Generation.Gen2, params VmFault[] faults) =>
        new("run42", "hvc-vm1", "debian-12", gen, SecureBoot: true, Cpus: 4, MemoryMb: 1000, Faults: faults.ToHashSet());

    [Fact]
    public async Task ProvisionAsync_Gen2_DefinesSecureBootVmWithDifferencingDiskSeedNicAndStarts()
    {
        await using var backend = Backend();

        var vm = await backend.ProvisionAsync(Spec(), default);

        var disks = gateway.Invocations("CreateVirtualHardDisk").Select(c => c.Embedded("VirtualDiskSettingData")[0]).ToList();
        Assert.Equal(@"D:\templates\debian-12.vhdx", disks[0].String("ParentPath"));
        Assert.Equal(4, disks[0].Number("Type"));
        Assert.Equal(3, disks[0].Number("Format"));
        Assert.Equal(@"D:\hvcert\hvc-vm1-run42-os.vhdx", disks[0].String("Path"));
        var vssd = Assert.Single(gateway.Invocations("DefineSystem"), c => c.Target == "Msvm_VirtualSystemManagementService").Embedded("SystemSettings")[0];
        Assert.Equal("Microsoft:Hyper-V:SubType:2", vssd.String("VirtualSystemSubType"));
        Assert.True(vssd.Bool("SecureBootEnabled"));
        Assert.Equal("272e7447-90a4-4563-a4b9-8e4ab00526ce", vssd.String("SecureBootTemplateId"));
        Assert.Equal(["hvcert-run:run42"], vssd.Strings("Notes"));
        Assert.Equal(512, vssd.Number("LowMmioGapSize"));
        var modified = gateway.Invocations("ModifyResourceSettings").SelectMany(c => c.Embedded("ResourceSettings")).ToList();
        Assert.Equal(4, modified.Single(m => m.ClassName == "Msvm_ProcessorSettingData").Number("VirtualQuantity"));
        var memory = modified.Single(m => m.ClassName == "Msvm_MemorySettingData");
        Assert.Equal(1024, memory.Number("VirtualQuantity"));
        Assert.All(new[] { memory.Number("VirtualQuantity"), memory.Number("Reservation"), memory.Number("Limit") }, v => Assert.Equal(0, v!.Value % 128));
        var added = gateway.Invocations("AddResourceSettings").SelectMany(c => c.Embedded("ResourceSettings")).ToList();
        Assert.Contains(added, a => a.String("ResourceSubType") == "Microsoft:Hyper-V:Synthetic SCSI Controller");
        Assert.Contains(added, a => a.String("ResourceSubType") == "Microsoft:Hyper-V:Virtual CD/DVD Disk" && a.Strings("HostResource")[0] == @"D:\hvcert\hvc-vm1-run42-seed.iso");
        var nics = added.Where(a => a.ClassName == "Msvm_EthernetPortAllocationSettingData").ToList();
        Assert.Equal(2, nics.Count); // the SSH NIC on the inventory's switch, and the peer link on the run's private switch
        var nic = nics[0];
        var peerNic = added.Single(a => a.ClassName == "Msvm_SyntheticEthernetPortSettingData" && a.String("ElementName") == "hvcert-peer");
        Assert.True(peerNic.Bool("StaticMacAddress"));
        Assert.StartsWith("00155D", peerNic.String("Address"));
        var peerSwitch = Assert.Single(gateway.Invocations("DefineSystem"), c => c.Target == "Msvm_VirtualEthernetSwitchManagementService").Embedded("SystemSettings")[0];
        Assert.Equal("hvcert-run42-peer", peerSwitch.String("ElementName"));
        Assert.StartsWith(@"\\HV1\root\virtualization\v2:Msvm_VirtualEthernetSwitch.", nic.Strings("HostResource")[0]);
        Assert.Contains(@"Msvm_SyntheticEthernetPortSettingData.InstanceID=""Microsoft:", nic.String("Parent"));
        var start = gateway.Invocations("RequestStateChange").Last();
        Assert.Equal("2", start.Arg("RequestedState")!.Text);
        Assert.True(File.Exists(Path.Combine(share, "hvc-vm1-run42-seed.iso")));
        Assert.Equal("on", vm.Settings["secure_boot"]);
        Assert.Contains(vm.OfferedDevices, d => d.Model == "f8615163-df3e-46c5-913f-f2d2f965ed0e" && d.GuestDrivers.Contains("hv_netvsc"));
    }

    [Fact]
    public async Task ProvisionAsync_Gen1WithFaults_BootsFromIdeAndDisablesServices()
    {
        await using var backend = Backend();

        gateway.Store.Add(CimInstanceData.Create("Msvm_ResourceAllocationSettingData", ("InstanceID", CimValue.Of($"Microsoft:{FakeHyperVHost.VmId}\\IDE0")),
            ("ResourceSubType", CimValue.Of("Microsoft:Hyper-V:Emulated IDE Controller")), ("Address", CimValue.Of("0"))));
        gateway.Store.Add(CimInstanceData.Create("Msvm_ResourceAllocationSettingData", ("InstanceID", CimValue.Of($"Microsoft:{FakeHyperVHost.VmId}\\IDE1")),
            ("ResourceSubType", CimValue.Of("Microsoft:Hyper-V:Emulated IDE Controller")), ("Address", CimValue.Of("1"))));
        var vm = await backend.ProvisionAsync(Spec(Generation.Gen1, VmFault.NoKeyValueChannel, VmFault.DiscardIgnored), default);

        var vssd = gateway.Invocations("DefineSystem").Single(c => c.Target == "Msvm_VirtualSystemManagementService").Embedded("SystemSettings")[0];
        Assert.Equal("Microsoft:Hyper-V:SubType:1", vssd.String("VirtualSystemSubType"));
        Assert.Null(vssd["SecureBootEnabled"]);
        var added = gateway.Invocations("AddResourceSettings").SelectMany(c => c.Embedded("ResourceSettings")).ToList();
        Assert.Contains(added, a => a.String("ResourceSubType") == "Microsoft:Hyper-V:Synthetic Disk Drive" && a.String("Parent")!.EndsWith(@"IDE0""", StringComparison.Ordinal));
        var kvp = gateway.Invocations("ModifyResourceSettings").SelectMany(c => c.Embedded("ResourceSettings")).Single(m => m.ClassName == "Msvm_KvpExchangeComponentSettingData");
        Assert.Equal(3, kvp.Number("EnabledState"));
        Assert.Equal(2, gateway.Invocations("CreateVirtualHardDisk").Select(c => c.Embedded("VirtualDiskSettingData")[0]).Single(d => d.String("Path")!.EndsWith("data.vhdx", StringComparison.Ordinal)).Number("Type"));
        Assert.DoesNotContain(vm.OfferedDevices, d => d.Role == DeviceRole.KeyValue);
        Assert.Equal("bios", vm.Settings["firmware"]);
    }

    [Fact]
    public async Task UntilSshAcceptsAsync_KvpAddress_ConnectsWithPinnedKey()
    {
        await using var backend = Backend();
        var vm = await backend.ProvisionAsync(Spec(), default);

        await vm.UntilSshAcceptsAsync(TimeSpan.FromMinutes(1), default);

        var endpoint = Assert.Single(connected);
        Assert.Equal("192.0.2.15", endpoint.Host);
        Assert.Equal("hvcert", endpoint.User);
        Assert.StartsWith("SHA256:", endpoint.HostKeySha256);
        Assert.True(File.Exists(endpoint.PrivateKeyPath));
    }

    [Fact]
    public async Task ProvisionAsync_GuestPrintsTheRunsClientKey_RedactedAsTheLabRunKeyIs()
    {
        await using var backend = Backend();
        var vm = await backend.ProvisionAsync(Spec(), default);
        await vm.UntilSshAcceptsAsync(TimeSpan.FromMinutes(1), default);
        var keyLine = File.ReadAllLines(Assert.Single(connected).PrivateKeyPath)[1];

        var redacted = HvCert.Evidence.Redaction.Redact($"cat id_rsa: {keyLine}");

        Assert.DoesNotContain(keyLine, redacted, StringComparison.Ordinal);
        Assert.Contains("[redacted: run SSH key]", redacted, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DisposeAsync_Vm_TurnsOffDestroysAndDeletesItsFilesOnly()
    {
        await using var backend = Backend();
        File.WriteAllText(Path.Combine(share, "someone-else.vhdx"), "x");
        var vm = await backend.ProvisionAsync(Spec(), default);

        await vm.DisposeAsync();

        Assert.Equal("3", gateway.Invocations("RequestStateChange").Last().Arg("RequestedState")!.Text);
        Assert.Single(gateway.Invocations("DestroySystem"));
        Assert.Equal(["someone-else.vhdx"], Directory.GetFiles(share).Select(Path.GetFileName));
    }

    [Fact]
    public async Task ProvisionAsync_JobFails_CleansUpAndThrowsInfrastructureException()
    {
        await using var backend = Backend();
        gateway.Handlers[("Msvm_VirtualSystemManagementService", "AddResourceSettings")] = (_, _) =>
            gateway.Job("BAD", CimXml.ReadAll(FakeCimGateway.Sample("concrete-job-exception.xml")).Skip(1));
        gateway.Handlers[("Msvm_ConcreteJob", "GetErrorEx")] = (_, _) => new CimMethodResult(32770, new Dictionary<string, CimValue>());

        var e = await Assert.ThrowsAsync<InfrastructureException>(() => backend.ProvisionAsync(Spec(), default));

        Assert.Contains("Failed to add device", e.Message);
        Assert.Single(gateway.Invocations("DestroySystem"), c => c.Target == "Msvm_VirtualSystemManagementService");
        Assert.Empty(Directory.GetFiles(share));
    }

    [Fact]
    public async Task ProvisionAsync_UnknownTemplate_SaysWhichInventoryKeyToAdd()
    {
        await using var backend = Backend();

        var e = await Assert.ThrowsAsync<InfrastructureException>(() => backend.ProvisionAsync(Spec() with { Image = "rhel-9" }, default));

        Assert.Contains("templates: rhel-9: gen2", e.Message);
    }

    [Fact]
    public async Task ReapAsync_RunId_RemovesOnlyVmsWhoseNotesCarryIt()
    {
        await using var backend = Backend();
        await backend.ProvisionAsync(Spec(), default);

        Assert.Equal(0, await backend.ReapAsync("other-run", default));
        var removed = await backend.ReapAsync("run42", default);

        Assert.True(removed >= 1);
        Assert.Single(gateway.Invocations("DestroySystem"), c => c.Target == "Msvm_VirtualSystemManagementService");
        Assert.Single(gateway.Invocations("DestroySystem"), c => c.Target == "Msvm_VirtualEthernetSwitchManagementService"); // the run's peer switch
        Assert.Empty(Directory.GetFiles(share));
    }

    [Fact]
    public async Task Facets_OnProvisionedVm_DriveDocumentedMethods()
    {
        await using var backend = Backend();
        var vm = await backend.ProvisionAsync(Spec(), default);

        var kvp = await vm.Facet<IKeyValueFacet>()!.WriteHostItemAsync("hvcert-key", "v<1>", default);
        Assert.True(kvp.Ok);
        var item = gateway.Invocations("AddKvpItems").Single().Embedded("DataItems")[0];
        Assert.Equal(("hvcert-key", "v<1>", 0L), (item.String("Name")!, item.String("Data")!, item.Number("Source")!.Value));
        Assert.Equal("from guest <ok> & done", (await vm.Facet<IKeyValueFacet>()!.ReadGuestItemsAsync(default)).Get("hvcert-guest-key"));

        Assert.True((await vm.Facet<INmiFacet>()!.InjectNmiAsync(default)).Ok);
        Assert.Equal("true", (await vm.Facet<IHeartbeatFacet>()!.QueryHeartbeatAsync(default)).Get("alive"));

        var ip = await vm.Facet<IStaticIpFacet>()!.InjectAsync("192.0.2.50", 24, default);
        Assert.Equal("255.255.255.0", ip.Get("mask"));
        var cfg = gateway.Invocations("SetGuestNetworkAdapterConfiguration").Single().Embedded("NetworkConfiguration")[0];
        Assert.False(cfg.Bool("DHCPEnabled"));
        Assert.Equal(["192.0.2.50"], cfg.Strings("IPAddresses"));

        var copy = await vm.Facet<IFileCopyFacet>()!.CopyToGuestAsync("hello"u8.ToArray(), "/tmp/x", default);
        Assert.Equal("5", copy.Get("bytes"));
        Assert.Equal(2, gateway.Store.Single(i => i.ClassName == "Msvm_GuestServiceInterfaceComponentSettingData").Number("EnabledState"));
        Assert.Equal("/tmp/x", gateway.Invocations("CopyFilesToGuest").Single().Embedded("CopyFileToGuestSettings")[0].String("DestinationPath"));

        var grow = await vm.Facet<IDiskResizeFacet>()!.GrowDataDiskAsync(2L << 30, default);
        Assert.Equal((1L << 30).ToString(), grow.Get("old_bytes"));
        Assert.Equal((2L << 30).ToString(), grow.Get("new_bytes"));
        Assert.Equal("4194304", (await vm.Facet<IDiskAllocationFacet>()!.ReadAllocationAsync(default)).Get("allocated_bytes"));

        var backup = await vm.Facet<IBackupFacet>()!.BackupAsync(default);
        Assert.Equal("true", backup.Get("consistent"));
        Assert.Equal("32768", gateway.Invocations("CreateSnapshot").Single().Arg("SnapshotType")!.Text);
        Assert.Single(gateway.Invocations("DestroySnapshot"));

        var fw = await vm.Facet<IFirmwareFacet>()!.DescribeFirmwareAsync(default);
        Assert.Equal(("uefi", "on", "272e7447-90a4-4563-a4b9-8e4ab00526ce", "512"), (fw.Get("firmware"), fw.Get("secure_boot"), fw.Get("template"), fw.Get("low_mmio_gap_mb")));

        var hot = await vm.Facet<IMemoryHotAddFacet>()!.HotAddAsync(512, default);
        Assert.Equal("512", hot.Get("added_mb"));
        Assert.Equal("4", (await vm.Facet<IMultiQueueNicFacet>()!.DescribeQueuesAsync(default)).Get("queues"));
        Assert.Null(vm.Facet<ILiveMigrationFacet>());

        var shutdown = await vm.Facet<IShutdownFacet>()!.ShutdownAsync(TimeSpan.FromSeconds(30), default);
        Assert.Equal("true", shutdown.Get("clean"));
        Assert.True((await vm.Facet<INmiFacet>()!.InjectNmiAsync(default)).Ok);
    }

    [Fact]
    public async Task Facet_MethodReturnsFailureCode_IsObservationWithMeaning()
    {
        await using var backend = Backend();
        var vm = await backend.ProvisionAsync(Spec(), default);
        gateway.Handlers[("Msvm_ComputerSystem", "InjectNonMaskableInterrupt")] = (_, _) => new CimMethodResult(32775, new Dictionary<string, CimValue>());

        var nmi = await vm.Facet<INmiFacet>()!.InjectNmiAsync(default);

        Assert.False(nmi.Ok);
        Assert.Contains("Invalid state for this operation", nmi.Error);
        Assert.Equal("InvalidState", nmi.Get("error_kind"));
    }

    [Fact]
    public async Task SnapshotAndRevert_Checkpoint_AppliesRestartsAndMergesAtTeardown()
    {
        await using var backend = Backend();
        gateway.Handlers[("Msvm_VirtualSystemSnapshotService", "ApplySnapshot")] = (_, _) => gateway.Job("APPLY");
        var vm = await backend.ProvisionAsync(Spec(), default);
        var revertible = Assert.IsAssignableFrom<IRevertibleVm>(vm);

        await revertible.SnapshotAsync("fresh", default);
        await revertible.RevertAsync("fresh", default);

        Assert.Equal("2", gateway.Invocations("CreateSnapshot").Single().Arg("SnapshotType")!.Text);
        Assert.Equal("Microsoft:SNAP-1", gateway.Invocations("ApplySnapshot").Single().Arg("Snapshot")!.AsRef().Key("InstanceID"));
        Assert.Equal(["3", "2"], gateway.Invocations("RequestStateChange").TakeLast(2).Select(c => c.Arg("RequestedState")!.Text));
        await Assert.ThrowsAsync<InfrastructureException>(() => revertible.RevertAsync("missing", default));

        await vm.DisposeAsync();
        Assert.Single(gateway.Invocations("DestroySnapshot"));
        Assert.True(gateway.Calls.FindIndex(c => c.Method == "DestroySnapshot") < gateway.Calls.FindIndex(c => c.Method == "DestroySystem"));
    }

    public void Dispose() => Directory.Delete(share, recursive: true);
}
