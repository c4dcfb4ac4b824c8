using HvCert.Catalog;
using HvCert.Evidence;
using HvCert.Features.Common;
using HvCert.Features.Gen2.SecureBoot;
using HvCert.Features.Memory.HotAdd;
using HvCert.Features.Networking.Vlan;
using HvCert.Features.Storage.FibreChannel;
using HvCert.Features.Storage.ScsiWwn;
using HvCert.Features.Storage.VhdxResize;
using HvCert.Hosts;
using HvCert.Hosts.Facets;
using HvCert.HyperV;
using HvCert.HyperV.Cim;
using HvCert.HyperV.Inventory;
using HvCert.Planning;
using HvCert.Probes;
using HvCert.Tests.HyperV;
using HvCert.Transport;

namespace HvCert.Tests.Features.FreeBsd;

/// <summary>
/// Issue #13's four FreeBSD setting-name mismatches, checked against what the real Hyper-V backend writes: the VM is
/// provisioned by HyperVBackend over the fake CIM host, and the FreeBSD probes' host steps read its settings and facets.
/// </summary>
public sealed class FreeBsdHyperVSettingsTests : IDisposable
{
    private readonly string share = Directory.CreateTempSubdirectory("hvcert-freebsd-settings").FullName;
    private readonly FakeCimGateway gateway = FakeHyperVHost.Create();

    private async Task<IVm> ProvisionAsync(params VmFault[] faults)
    {
        gateway.Store.Add(CimInstanceData.Create("Msvm_ResourcePool", ("InstanceID", CimValue.Of("Microsoft:FcPool")),
            ("ResourceSubType", CimValue.Of("Microsoft:Hyper-V:FibreChannel Connection")), ("PoolID", CimValue.Of("hvcert-san"))));
        foreach (var (cls, sub) in new[] { ("Msvm_SyntheticFcPortSettingData", "Microsoft:Hyper-V:Synthetic FibreChannel Port"), ("Msvm_FcPortAllocationSettingData", "Microsoft:Hyper-V:FibreChannel Connection") })
        {
            gateway.Store.Add(CimInstanceData.Create(cls, ("InstanceID", CimValue.Of($@"Microsoft:Definition\{cls}\Default")), ("ResourceSubType", CimValue.Of(sub))));
        }

        var inventory = HyperVInventory.Default with
        {
            Host = HyperVInventory.Default.Host with { Storage = new HostStorage(@"D:\hvcert", share) },
            Switch = "hvcert-external",
            Templates = new Dictionary<string, IReadOnlyDictionary<Generation, string>> { ["freebsd-14"] = new Dictionary<Generation, string> { [Generation.Gen2] = @"D:\f.vhdx" } },
            Vlan = new VlanPeer("198.51.100.1", "198.51.100.10", 24, "trunk", 1),
            San = "hvcert-san",
        };
        // The peer VM's shell (the VLAN facet configures the peer over SSH) answers every command with success.
        var backend = HyperVBackendFactory.CreateWith(inventory, _ => gateway,
            (_, _, _) => Task.FromResult<IGuestTransport>(new FakeGuest { Dynamic = _ => FakeGuest.Ok("") }), TimeProvider.System);
        return await backend.ProvisionAsync(new VmSpec("run9", "hvc-bsd", "freebsd-14", Generation.Gen2, true, Faults: faults.ToHashSet()), default);
    }

    private static HostActionResult Read(GuestProbe probe, int step, IVm vm) =>
        probe.Steps(BackendKind.HyperV).OfType<HostRead>().Single(s => s.Step == step).Read(vm, new StepScope(probe.Defaults, new Dictionary<string, string>()));

    [Fact]
    public async Task VhdxResize_ReadsTheDataDiskSizeTheBackendWrote()
    {
        var vm = await ProvisionAsync();

        var read = Read(new VhdxResizeFreeBsdProbe(), VhdxResizeFreeBsdProbe.DiskSize, vm);

        Assert.True(read.Ok, read.Error);
        Assert.Equal(vm.Settings["disk.data.bytes"], read.Get("data_bytes"));
    }

    [Fact]
    public async Task ScsiWwn_ReadsTheWwpnTheBackendAssignedAndComparesItWithGeom()
    {
        var vm = await ProvisionAsync();
        var probe = new ScsiWwnFreeBsdProbe();

        var read = Read(probe, ScsiWwnFreeBsdProbe.Assigned, vm);

        Assert.True(read.Ok, read.Error);
        Assert.Equal(vm.Settings["fc.wwpn"], read.Get("wwn"));
        var wwn = read.Get("wwn")!.ToLowerInvariant();
        Assert.Equal(VerdictKind.Supported, probe.Judge(Evidence(read, ScsiWwnFreeBsdProbe.Assigned, (ScsiWwnFreeBsdProbe.Lunid, $"Geom name: da1\n   lunid: {wwn}\n"))).Kind);
        Assert.Equal(VerdictKind.NotSupported, probe.Judge(Evidence(read, ScsiWwnFreeBsdProbe.Assigned, (ScsiWwnFreeBsdProbe.Lunid, "Geom name: da1\n   lunid: 600224803a1c7bd3b0ad5f6e4bd6c21b\n"))).Kind);
    }

    [Fact]
    public async Task SecureBoot_FirmwareFacetSaysOn_AndTheFreeBsdJudgeAcceptsIt()
    {
        var vm = await ProvisionAsync();
        var firmware = await vm.Facet<IFirmwareFacet>()!.DescribeFirmwareAsync(default);

        Assert.Equal("on", firmware.Get("secure_boot"));
        var probe = new SecureBootFreeBsdProbe();
        Assert.Equal(VerdictKind.Supported, probe.Judge(Evidence(firmware, SecureBootFreeBsdProbe.Firmware, (SecureBootFreeBsdProbe.BootMethod, "UEFI\n"))).Kind);
        Assert.Equal(VerdictKind.NotSupported, probe.Judge(Evidence(firmware, SecureBootFreeBsdProbe.Firmware, (SecureBootFreeBsdProbe.BootMethod, "BIOS\n"))).Kind);
    }

    [Fact]
    public async Task Vlan_HyperVPeerFacetGivesTheGuestMac_AndTheProbeFindsItsNicByIt()
    {
        var vm = await ProvisionAsync();
        var vlan = await vm.Facet<IVlanFacet>()!.ConfigureVlanAsync(100, default);
        var probe = new VlanFreeBsdProbe();
        var scope = new StepScope(probe.Defaults, new Dictionary<string, string>());
        scope.Absorb(vlan.Observations);
        var template = probe.Steps(BackendKind.HyperV).OfType<GuestCommand>().Single(s => s.Step == VlanFreeBsdProbe.CreateVlan).Command;

        var command = CommandTemplate.Fill(template, scope.Values);

        Assert.True(vlan.Ok, vlan.Error);
        Assert.Equal(vm.Settings["peer.nic.mac"], vlan.Get("guest_mac"));
        Assert.Matches("^([0-9a-f]{2}:){5}[0-9a-f]{2}$", vlan.Get("guest_mac")!);
        Assert.Empty(CommandTemplate.Unfilled(command));
        Assert.Contains($"M=\"{vlan.Get("guest_mac")}\"", command);
        Assert.Contains($"inet {vlan.Get("guest_ip")}/{vlan.Get("prefix")}", command);

        // A backend that reports no MAC (the defaults alone) falls back to {{nic}}, hn0.
        var fallback = CommandTemplate.Fill(template, new StepScope(probe.Defaults, new Dictionary<string, string>()).Values);
        Assert.Contains("IF=hn0", fallback);
    }

    [Fact]
    public void HotAdd_UnknownOfferListAndDevinfoShowsUnattachedDynamicMemory_NotSupportedNotNotOffered()
    {
        // Real FreeBSD 13.0 devinfo: 525074dc (Dynamic Memory) is "unknown pnpinfo". No offer list: the guest's view proves the offer.
        var evidence = new EvidenceBuilder(BackendKind.HyperV, [])
            .Cmd(FreeBsdJudging.Devinfo, Sample.Read("devinfo-rv/freebsd-13.0-gen2-win10-hyperv.txt")).Build();

        var verdict = new HotAddFreeBsdProbe().Judge(evidence);

        Assert.Equal(VerdictKind.NotSupported, verdict.Kind);
        Assert.Contains("525074dc", verdict.Reason);
    }

    [Fact]
    public async Task FibreChannel_HostWwpnMustAppearInTheGuest()
    {
        var vm = await ProvisionAsync();
        var hba = await vm.Facet<IFibreChannelFacet>()!.DescribeHbaAsync(default);
        var probe = new FibreChannelFreeBsdProbe();
        var devinfo = Sample.Read("devinfo-rv/freebsd-13.0-gen2-win10-hyperv.txt");
        ProbeEvidence With(string ports) => new EvidenceBuilder(BackendKind.HyperV, vm.OfferedDevices.ToList()).Cmd(FreeBsdJudging.Devinfo, devinfo)
            .Host(FibreChannelFreeBsdProbe.Hba, true, hba.Observations.Select(o => (o.Key, o.Value)).ToArray()).Cmd(FibreChannelFreeBsdProbe.GuestPorts, ports).Build();

        // The real 13.0 guest has no FC channel at all: whatever the ports say, the offered channel is missing.
        var verdict = probe.Judge(With($"dev.storvsc.1.wwpn: 0x{hba.Get("wwpn")!.ToLowerInvariant()}\n"));

        Assert.NotEqual(VerdictKind.Supported, verdict.Kind);
        Assert.Contains("2f9bcc4a", verdict.Reason);
    }

    [Fact]
    public async Task FibreChannel_NoWwnNegativeControl_NoHbaSoNeverSupportedOnEitherOs()
    {
        var vm = await ProvisionAsync(VmFault.NoWwn);
        var hba = await vm.Facet<IFibreChannelFacet>()!.DescribeHbaAsync(default);
        var linux = new EvidenceBuilder(BackendKind.HyperV, vm.OfferedDevices.ToList())
            .Host(FibreChannelProbe.Hba, hba.Ok, hba.Observations.Select(o => (o.Key, o.Value)).ToArray()).Build();
        var freeBsd = new EvidenceBuilder(BackendKind.HyperV, vm.OfferedDevices.ToList())
            .Host(FibreChannelFreeBsdProbe.Hba, hba.Ok, hba.Observations.Select(o => (o.Key, o.Value)).ToArray()).Build();

        Assert.Contains(VmFault.NoWwn, new FibreChannelProbe().NegativeControl);
        Assert.False(vm.Settings.ContainsKey("fc.wwpn"));
        Assert.False(new FibreChannelProbe().Judge(linux).IsPass);
        Assert.False(new FibreChannelFreeBsdProbe().Judge(freeBsd).IsPass);
    }

    private static ProbeEvidence Evidence(HostActionResult host, int hostStep, params (int Step, string Stdout)[] commands)
    {
        var builder = new EvidenceBuilder(BackendKind.HyperV, ReferenceDevices.HyperV)
            .Host(hostStep, host.Ok, host.Observations.Select(o => (o.Key, o.Value)).ToArray());
        foreach (var (step, stdout) in commands)
        {
            builder = builder.Cmd(step, stdout);
        }

        return builder.Build();
    }

    public void Dispose() => Directory.Delete(share, recursive: true);
}
