using HvCert.Guests.Tools.Linux;
using HvCert.Tests.Features;

namespace HvCert.Tests.Guests.Tools.Linux;

public class FeataParserTests
{
    [Fact]
    public void EthtoolFeatures_AzureNetvsc_ReadsValueAndFixed()
    {
        var f = EthtoolFeatures.Parse(Sample.Read("ethtool-k/lisa-azure-netvsc-fragments.txt"));

        Assert.True(f["rx-checksumming"].On);
        Assert.False(f["rx-checksumming"].Fixed);
        Assert.False(f["large-receive-offload"].On);
        Assert.True(f["large-receive-offload"].Fixed);
        Assert.True(f["tx-checksum-ip-generic"].Fixed);
    }

    [Fact]
    public void EthtoolFeatures_RequestedSuffix_Parsed()
    {
        var f = EthtoolFeatures.Parse("tcp-segmentation-offload: off [requested on]\n");

        Assert.False(f["tcp-segmentation-offload"].On);
        Assert.Equal("on", f["tcp-segmentation-offload"].Requested);
    }

    [Fact]
    public void EthtoolChannels_AzureSingleChannel_CombinedOne()
    {
        var c = EthtoolChannels.Parse(Sample.Read("ethtool-l/lisa-azure-netvsc-1ch.txt"))!;

        Assert.Equal(1, c.Combined);
        Assert.Equal(1, c.MaxCombined);
        Assert.Equal(0, c.Rx);
    }

    [Fact]
    public void EthtoolChannels_NotApplicableValues_Null()
    {
        var c = EthtoolChannels.Parse("Pre-set maximums:\nRX:\t\tn/a\nCombined:\t4\nCurrent hardware settings:\nRX:\t\tn/a\nCombined:\t4\n")!;

        Assert.Null(c.Rx);
        Assert.Equal(4, c.Combined);
    }

    [Fact]
    public void EthtoolDriverInfo_AzureNetvsc_Driver()
    {
        Assert.Equal("hv_netvsc", EthtoolDriverInfo.Parse("eth0", Sample.Read("ethtool-i/lisa-azure-netvsc.txt")).Driver);
    }

    [Fact]
    public void EthtoolStats_NetvscQueues_PerQueueRx()
    {
        var stats = EthtoolStats.Parse(Sample.Read("ethtool-S/hyperv-netvsc-4queue-derived.txt"));

        Assert.Equal(0, stats["tx_scattered"]);
        Assert.Equal([0, 1, 2, 3], EthtoolStats.RxQueuePackets(stats).Keys.Order());
        Assert.Equal(0, EthtoolStats.Parse(Sample.Read("ethtool-S/lisa-azure-netvsc-fragment.txt"))["tx_no_memory"]);
    }

    [Fact]
    public void IpLink_AzureAccelNet_VfEnslavedToSynthetic()
    {
        var links = IpLinkParser.Parse(Sample.Read("ip-link/azure-d8ds-v5-accelnet.txt"));
        var vf = links.Single(l => l.Name == "enP2969s1");

        Assert.Equal("eth0", vf.Master);
        Assert.Contains("SLAVE", vf.Flags);
        Assert.Equal("00:0d:3a:03:16:46", vf.Mac);
        Assert.True(links.Single(l => l.Name == "eth0").IsUp);
    }

    [Fact]
    public void IpLink_VlanDetails_KindIdQueues()
    {
        var link = IpLinkParser.Parse("5: hvv100@ens4: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc noqueue state UP mode DEFAULT\n    link/ether 52:54:00:aa:bb:cc brd ff:ff:ff:ff:ff:ff promiscuity 0 minmtu 0 maxmtu 65535 \n    vlan protocol 802.1Q id 100 <REORDER_HDR> addrgenmode eui64 numtxqueues 1 numrxqueues 1\n").Single();

        Assert.Equal(("hvv100", "ens4", "vlan", 100, 1), (link.Name, link.Parent, link.Kind, link.VlanId!.Value, link.RxQueues!.Value));
    }

    [Fact]
    public void ChronycSources_PhcSelected_OffsetAndError()
    {
        var sources = ChronycSources.Parse(Sample.Read("chronyc-sources/fcos-qemu-ptp-kvm.txt"));
        var phc = sources.Single(s => s.Selected);

        Assert.Equal(5, sources.Count);
        Assert.Equal("PHC0", phc.Name);
        Assert.True(phc.IsRefclock);
        Assert.Equal(255, phc.Reach);
        Assert.Equal(8.193e-6, phc.OffsetSeconds!.Value, 9);
        Assert.Equal(34e-6, phc.ErrorSeconds!.Value, 9);
    }

    [Fact]
    public void ChronycSources_VerboseLegend_SkippedAndUnusableMarked()
    {
        var sources = ChronycSources.Parse(Sample.Read("chronyc-sources/time-pi-gps-verbose.txt"));

        Assert.Equal(5, sources.Count);
        Assert.Equal(4, sources.Count(s => s.State == '?'));
        Assert.Equal(-1.806e-3, sources.Single(s => s.Selected).OffsetSeconds!.Value, 9);
    }

    [Fact]
    public void ChronycTracking_NtpSynced_SignedOffsetAndBound()
    {
        var t = ChronycTrackingParser.Parse(Sample.Read("chronyc-tracking/rpi-cm4-ntp.txt"))!;

        Assert.Equal("ipv4.ntp3.rbauman.com", t.ReferenceName);
        Assert.Equal(-0.000546066, t.SystemTimeSeconds!.Value, 9);
        Assert.True(t.Synchronised);
        Assert.Equal(0.000546066 + 0.010386736 / 2 + 0.002710132, t.MaxErrorSeconds!.Value, 9);
    }

    [Fact]
    public void ChronycTracking_NotChronyOutput_Null()
    {
        Assert.Null(ChronycTrackingParser.Parse("506 Cannot talk to daemon\n"));
    }

    [Fact]
    public void HyperVBootInfo_TwoLineForm_BuildIcsAndRelease()
    {
        var info = HyperVBootInfoParser.Parse(Sample.Read("dmesg-hyperv/ws2022-two-line-form.txt"));

        Assert.True(info.HypervisorDetected);
        Assert.Equal("20348-10.0-2-0.2762", info.HostBuild);
        Assert.Equal("2022", info.ServerRelease);
        Assert.Equal("4.0", info.IcVersions["TimeSync"]);
        Assert.Equal("3.2", info.IcVersions["Shutdown"]);
    }

    [Fact]
    public void HyperVBootInfo_OneLineSyslogForm_BuildVmbusAndUnknownGuids()
    {
        var info = HyperVBootInfoParser.Parse(Sample.Read("dmesg-hyperv/ws2016-one-line-form-syslog.txt"));

        Assert.Equal("14393-10.0-0-0.576", info.HostBuild);
        Assert.Equal("4.0", info.VmbusVersion);
        Assert.Equal("2016", info.ServerRelease);
        Assert.Equal(2, info.UnknownGuids.Count);
    }

    [Fact]
    public void HyperVBootInfo_ColonForm_DottedBuild()
    {
        var info = HyperVBootInfoParser.Parse(Sample.Read("dmesg-hyperv/azure-arm64-host-build-colon-form.txt"));

        Assert.Equal("10.0.22477.1022-1-0", info.HostBuild);
        Assert.Equal(22477, info.WindowsBuild);
        Assert.Null(info.ServerRelease);
    }

    [Fact]
    public void HyperVBootInfo_NotHyperV_NothingDetected()
    {
        var info = HyperVBootInfoParser.Parse("[    0.000000] Hypervisor detected: KVM\n");

        Assert.False(info.HypervisorDetected);
        Assert.Null(info.HostBuild);
    }

    [Fact]
    public void InputDevices_HyperVMouse_AbsolutePointerOnEvent1()
    {
        var devices = InputDevicesParser.Parse(Sample.Read("proc-bus-input-devices/hyperv-synthetic-mouse.txt"));
        var mouse = devices.Single(d => d.IsAbsolutePointer);

        Assert.Equal(2, devices.Count);
        Assert.Equal("Microsoft Vmbus HID-compliant Mouse", mouse.Name);
        Assert.Equal("event1", mouse.EventHandler);
    }

    [Fact]
    public void InputEventDump_PartialRecord_Dropped()
    {
        var events = InputEventDump.Parse(" 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 03 00 01 00 c8 00 00 00\n 00 00 00");

        Assert.Equal([new InputEvent(3, 1, 200)], events);
    }

    [Fact]
    public void PingSummary_JumboOkAndTotalLoss()
    {
        Assert.True(PingSummaryParser.Parse(Sample.Read("ping/iputils-jumbo-ok.txt"))!.AllAnswered);
        var lost = PingSummaryParser.Parse("ping: local error: message too long, mtu=1500\n--- x ping statistics ---\n3 packets transmitted, 0 received, +3 errors, 100% packet loss, time 2041ms\n")!;
        Assert.Equal((3, 0, 100.0), (lost.Transmitted, lost.Received, lost.LossPercent));
        Assert.Contains(lost.Errors, e => e.Contains("too long", StringComparison.Ordinal));
    }

    [Fact]
    public void SysfsInventory_BracedGuidAndHexIds_Normalised()
    {
        var devices = SysfsDeviceInventory.Parse(Sample.Read("sysfs-inventory/azure-d8ds-v5-derived.txt"));

        Assert.Contains(devices, d => d.Bus == "vmbus" && d.Id == "f8615163-df3e-46c5-913f-f2d2f965ed0e" && d.Driver == "hv_netvsc");
        Assert.Contains(devices, d => d.Bus == "pci" && d.Id == "15b3:1018");
        Assert.Contains(devices, d => d.Bus == "scsi" && d.Id is null);
    }

    [Fact]
    public void CpuList_RangesAndGarbage()
    {
        Assert.Equal([0, 1, 2, 3, 5], CpuList.Parse("0-3,5"));
        Assert.Null(CpuList.Parse("online"));
        Assert.Null(CpuList.Parse("3-1"));
    }
}
