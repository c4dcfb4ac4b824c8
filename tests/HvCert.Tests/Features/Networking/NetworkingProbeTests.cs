using HvCert.Features.Common;
using HvCert.Features.Networking.JumboFrames;
using HvCert.Features.Networking.LiveMigration;
using HvCert.Features.Networking.Lro;
using HvCert.Features.Networking.SrIov;
using HvCert.Features.Networking.StaticIp;
using HvCert.Features.Networking.TsoChecksum;
using HvCert.Features.Networking.Vlan;
using HvCert.Features.Networking.Vrss;
using HvCert.Hosts;
using HvCert.Probes;

namespace HvCert.Tests.Features.Networking;

public class NetworkingProbeTests
{
    private const string Netvsc2 = "== eth1 000d3a03-1eb1-000d-3a03-1eb1000d3a03 hv_netvsc\n";
    private const string VirtioNic = "== ens4 virtio2 virtio_net\n";
    private const string JumboLink = "3: eth1: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 9000 qdisc mq state UP mode DEFAULT group default qlen 1000\n    link/ether 00:15:5d:01:02:03 brd ff:ff:ff:ff:ff:ff promiscuity 0 minmtu 68 maxmtu 65521 numtxqueues 64 numrxqueues 64\n";
    private static readonly (string, string)[] Peer = [("guest_mac", "00:15:5d:01:02:03"), ("peer_ip", "192.168.77.1"), ("guest_ip", "192.168.77.10"), ("prefix", "24"), ("peer_mtu", "9000")];
    private const string LostAll = "--- 192.168.77.1 ping statistics ---\n3 packets transmitted, 0 received, 100% packet loss, time 2040ms\n";

    private static EvidenceBuilder Jumbo(BackendKind backend, string firstPing, string secondPing, int firstExit = 0, int secondExit = 1) =>
        new EvidenceBuilder(backend, ReferenceDevices.For(backend))
            .Host(JumboFramesProbe.Prepare, true, Peer).Cmd(JumboFramesProbe.Configure, (backend == BackendKind.HyperV ? Netvsc2 : VirtioNic) + JumboLink)
            .Cmd(JumboFramesProbe.BigPing, firstPing, firstExit).Host(JumboFramesProbe.PeerTo1500, true, ("peer_mtu", "1500"))
            .Cmd(JumboFramesProbe.BigPingAt1500, secondPing, secondExit);

    [Fact]
    public void Jumbo_PassesAtNineThousandFailsAt1500_Supported()
    {
        var verdict = new JumboFramesProbe().Judge(Jumbo(BackendKind.HyperV, Sample.Read("ping/iputils-jumbo-ok.txt"), LostAll).Build());

        Assert.Equal(VerdictKind.Supported, verdict.Kind);
    }

    [Fact]
    public void Jumbo_PeerCappedAt1500_NotSupported()
    {
        var verdict = new JumboFramesProbe().Judge(Jumbo(BackendKind.Qemu, LostAll, LostAll, firstExit: 1).Build());

        Assert.Equal(VerdictKind.NotSupported, verdict.Kind);
    }

    [Fact]
    public void Jumbo_PingStillPassesAt1500_InProbeControlIsError()
    {
        var ok = Sample.Read("ping/iputils-jumbo-ok.txt");
        var verdict = new JumboFramesProbe().Judge(Jumbo(BackendKind.Qemu, ok, ok, secondExit: 0).Build());

        Assert.Equal(VerdictKind.Error, verdict.Kind);
    }

    [Fact]
    public void Jumbo_NoPeerFacet_NotOfferedWithBackendReason()
    {
        var evidence = new EvidenceBuilder(BackendKind.Qemu, ReferenceDevices.Qemu)
            .Host(JumboFramesProbe.Prepare, false, (HostStep.NotOfferedKey, "needs root and /dev/net/tun")).Build();

        var verdict = new JumboFramesProbe().Judge(evidence);

        Assert.Equal(VerdictKind.NotOffered, verdict.Kind);
        Assert.Contains("needs root", verdict.Reason);
    }

    [Fact]
    public void Vlan_TrunkInterfaceAndPingAnswered_Supported()
    {
        var evidence = new EvidenceBuilder(BackendKind.Qemu, ReferenceDevices.Qemu)
            .Host(VlanProbe.Prepare, true, Peer)
            .Host(VlanProbe.ConfigureVlan, true, ("vlan_id", "100"), ("peer_ip", "192.168.100.1"), ("guest_ip", "192.168.100.10"), ("prefix", "24"), ("mode", "trunk"))
            .Cmd(VlanProbe.GuestVlan, VirtioNic + "5: hvv100@ens4: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc noqueue state UP mode DEFAULT group default qlen 1000\n    link/ether 52:54:00:aa:bb:cc brd ff:ff:ff:ff:ff:ff promiscuity 0 minmtu 0 maxmtu 65535 \n    vlan protocol 802.1Q id 100 <REORDER_HDR> addrgenmode eui64 numtxqueues 1 numrxqueues 1 gso_max_size 65536 gso_max_segs 65535\n")
            .Cmd(VlanProbe.PingPeer, "3 packets transmitted, 3 received, 0% packet loss, time 2003ms\n").Build();

        Assert.Equal(VerdictKind.Supported, new VlanProbe().Judge(evidence).Kind);
    }

    [Fact]
    public void Vlan_PeerOnOtherVlan_NotSupported()
    {
        var evidence = new EvidenceBuilder(BackendKind.Qemu, ReferenceDevices.Qemu)
            .Host(VlanProbe.Prepare, true, Peer)
            .Host(VlanProbe.ConfigureVlan, true, ("vlan_id", "100"), ("peer_ip", "192.168.100.1"), ("mode", "trunk"))
            .Cmd(VlanProbe.GuestVlan, VirtioNic + "5: hvv100@ens4: <UP,LOWER_UP> mtu 1500 state UP\n    vlan protocol 802.1Q id 100 <REORDER_HDR>\n")
            .Cmd(VlanProbe.PingPeer, LostAll, 1).Build();

        Assert.Equal(VerdictKind.NotSupported, new VlanProbe().Judge(evidence).Kind);
    }

    [Fact]
    public void LiveMigration_SameBootBoundedLoss_Supported()
    {
        const string boot = "6f1c1d1e-5a1b-4c2d-9e3f-0a1b2c3d4e5f\n";
        var evidence = new EvidenceBuilder(BackendKind.Qemu, ReferenceDevices.Qemu)
            .Cmd(LiveMigrationProbe.Before, boot + "120.5\n").Cmd(LiveMigrationProbe.StartPing, "10.0.2.2\n")
            .Host(LiveMigrationProbe.Migrate, true, ("downtime_ms", "13"))
            .Cmd(LiveMigrationProbe.PingResult, "--- 10.0.2.2 ping statistics ---\n200 packets transmitted, 197 received, 1.5% packet loss, time 40011ms\n")
            .Cmd(LiveMigrationProbe.After, boot + "166.1\n").Build();

        var verdict = new LiveMigrationProbe().Judge(evidence);

        Assert.Equal(VerdictKind.Supported, verdict.Kind);
        Assert.Contains("1.5%", verdict.Reason);
    }

    [Fact]
    public void LiveMigration_TargetRefuses_NotSupported()
    {
        var evidence = new EvidenceBuilder(BackendKind.Qemu, ReferenceDevices.Qemu)
            .Cmd(LiveMigrationProbe.Before, "6f1c1d1e-5a1b-4c2d-9e3f-0a1b2c3d4e5f\n1\n").Cmd(LiveMigrationProbe.StartPing, "10.0.2.2\n")
            .Host(LiveMigrationProbe.Migrate, false).Build();

        Assert.Equal(VerdictKind.NotSupported, new LiveMigrationProbe().Judge(evidence).Kind);
    }

    [Fact]
    public void StaticIp_InjectedAddressPresent_SupportedElseNotSupported()
    {
        var builder = () => new EvidenceBuilder(BackendKind.HyperV, ReferenceDevices.HyperV).Host(StaticIpProbe.Inject, true);
        var present = builder().Cmd(StaticIpProbe.Addresses, "2: eth0    inet 192.0.2.77/24 brd 192.0.2.255 scope global eth0\\       valid_lft forever preferred_lft forever\n").Build();
        var absent = builder().Cmd(StaticIpProbe.Addresses, "2: eth0    inet 10.0.0.5/24 brd 10.0.0.255 scope global eth0\n").Build();

        Assert.Equal(VerdictKind.Supported, new StaticIpProbe().Judge(present).Kind);
        Assert.Equal(VerdictKind.NotSupported, new StaticIpProbe().Judge(absent).Kind);
    }

    [Fact]
    public void Vrss_HyperVChannelsOnDistinctCpusAndQueuesGrow_Supported()
    {
        var stats = Sample.Read("ethtool-S/hyperv-netvsc-4queue-derived.txt");
        var before = stats.Replace("rx_queue_1_packets: 95", "rx_queue_1_packets: 0").Replace("rx_queue_2_packets: 104", "rx_queue_2_packets: 0");
        var evidence = new EvidenceBuilder(BackendKind.HyperV, ReferenceDevices.HyperV)
            .Host(VrssProbe.Prepare, true, Peer)
            .Cmd(VrssProbe.Channels, "== eth0 000d3a03-1646-000d-3a03-1646000d3a03 hv_netvsc\nChannel parameters for eth1:\nPre-set maximums:\nRX:\t\t0\nTX:\t\t0\nOther:\t\t0\nCombined:\t8\nCurrent hardware settings:\nRX:\t\t0\nTX:\t\t0\nOther:\t\t0\nCombined:\t8\n")
            .Cmd(VrssProbe.InterruptsBefore, "           CPU0       CPU1\nHYP:       100        200   Hypervisor callback interrupts\n")
            .Cmd(VrssProbe.StatsBefore, before).Cmd(VrssProbe.Load, "")
            .Cmd(VrssProbe.InterruptsAfter, "           CPU0       CPU1\nHYP:       500        900   Hypervisor callback interrupts\n")
            .Cmd(VrssProbe.StatsAfter, stats).Cmd(VrssProbe.Vmbus, Sample.Read("lsvmbus-vv/azure-d8ds-v5-4nic.txt")).Build();

        var verdict = new VrssProbe().Judge(evidence);

        Assert.Equal(VerdictKind.Supported, verdict.Kind);
        Assert.Contains("VMBus 000d3a03-1646-000d-3a03-1646000d3a03", verdict.Reason);
    }

    [Fact]
    public void Vrss_SingleChannel_NotSupported()
    {
        var evidence = new EvidenceBuilder(BackendKind.HyperV, ReferenceDevices.HyperV)
            .Host(VrssProbe.Prepare, true, Peer)
            .Cmd(VrssProbe.Channels, "== eth0 000d3a03-1646-000d-3a03-1646000d3a03 hv_netvsc\n" + Sample.Read("ethtool-l/lisa-azure-netvsc-1ch.txt")).Build();

        Assert.Equal(VerdictKind.NotSupported, new VrssProbe().Judge(evidence).Kind);
    }

    [Fact]
    public void Vrss_VirtioQueuesInterruptOnTwoCpus_Supported()
    {
        const string before = "           CPU0       CPU1\n 30:         10          0  PCI-MSI 81921-edge      virtio2-input.0\n 32:          0          5  PCI-MSI 81923-edge      virtio2-input.1\n";
        const string after = "           CPU0       CPU1\n 30:         90          0  PCI-MSI 81921-edge      virtio2-input.0\n 32:          0         70  PCI-MSI 81923-edge      virtio2-input.1\n";
        var evidence = new EvidenceBuilder(BackendKind.Qemu, ReferenceDevices.Qemu)
            .Host(VrssProbe.Prepare, true, Peer)
            .Cmd(VrssProbe.Channels, "== ens4 virtio2 virtio_net\nChannel parameters for ens4:\nPre-set maximums:\nRX:\t\tn/a\nTX:\t\tn/a\nOther:\t\tn/a\nCombined:\t4\nCurrent hardware settings:\nRX:\t\tn/a\nTX:\t\tn/a\nOther:\t\tn/a\nCombined:\t4\n")
            .Cmd(VrssProbe.InterruptsBefore, before).Cmd(VrssProbe.Load, "").Cmd(VrssProbe.InterruptsAfter, after).Build();

        var verdict = new VrssProbe().Judge(evidence);

        Assert.Equal(VerdictKind.Supported, verdict.Kind);
        Assert.Contains("CPUs 0,1", verdict.Reason);
    }

    private static string OffloadRead(string driver, string features) => $"== driver eth0\ndriver: {driver}\nversion:\n== features\n{features}";

    [Fact]
    public void Tso_HyperVNetvscAllOn_SupportedAndLroFixedOffNotSupported()
    {
        var features = Sample.Read("ethtool-k/lisa-azure-netvsc-fragments.txt") + "tcp-segmentation-offload: on\n";
        var evidence = new EvidenceBuilder(BackendKind.HyperV, ReferenceDevices.HyperV)
            .Cmd(TsoChecksumProbe.Read, OffloadRead("hv_netvsc", features))
            .Cmd(TsoChecksumProbe.Toggle, "tcp-segmentation-offload toggled on off on\ntx-checksumming toggled on off on\nrx-checksumming toggled on off on\nscatter-gather toggled on off on\n")
            .Build();

        Assert.Equal(VerdictKind.Supported, new TsoChecksumProbe().Judge(evidence).Kind);
        Assert.Equal(VerdictKind.NotSupported, new LroProbe().Judge(evidence).Kind);
    }

    [Fact]
    public void Tso_OffloadsOffFixed_NotSupported()
    {
        const string features = "rx-checksumming: off [fixed]\ntx-checksumming: off\nscatter-gather: off\ntcp-segmentation-offload: off\n";
        var evidence = new EvidenceBuilder(BackendKind.Qemu, ReferenceDevices.Qemu).Cmd(TsoChecksumProbe.Read, OffloadRead("virtio_net", features)).Build();

        var verdict = new TsoChecksumProbe().Judge(evidence);

        Assert.Equal(VerdictKind.NotSupported, verdict.Kind);
        Assert.Contains("rx-checksumming off [fixed]", verdict.Reason);
    }

    [Fact]
    public void Tso_WrongDriver_NotSupported()
    {
        var evidence = new EvidenceBuilder(BackendKind.HyperV, ReferenceDevices.HyperV).Cmd(TsoChecksumProbe.Read, OffloadRead("tulip", "tcp-segmentation-offload: on\n")).Build();

        Assert.Equal(VerdictKind.NotSupported, new TsoChecksumProbe().Judge(evidence).Kind);
    }

    [Fact]
    public void Lro_HostDoesNotOfferCoalescing_NotOffered()
    {
        var evidence = new EvidenceBuilder(BackendKind.Qemu, ReferenceDevices.Qemu)
            .Host(LroProbe.HostOffloads, true, ("tso", "on"), ("checksum", "on"), ("lro", "off"))
            .Cmd(LroProbe.Read, OffloadRead("virtio_net", "large-receive-offload: off [fixed]\n")).Build();

        Assert.Equal(VerdictKind.NotOffered, new LroProbe().Judge(evidence).Kind);
    }

    [Fact]
    public void Lro_OnAndToggles_Supported()
    {
        var evidence = new EvidenceBuilder(BackendKind.HyperV, ReferenceDevices.HyperV)
            .Cmd(LroProbe.Read, OffloadRead("hv_netvsc", "large-receive-offload: on\n"))
            .Cmd(LroProbe.Toggle, "large-receive-offload toggled on off on\n").Build();

        Assert.Equal(VerdictKind.Supported, new LroProbe().Judge(evidence).Kind);
    }

    private static EvidenceBuilder SrIov()
    {
        var pci = Sample.Read("lspci/azure-d8ds-v5-accelnet.txt").Replace("(rev 80)\n", "(rev 80)\n\tKernel driver in use: mlx5_core\n");
        return new EvidenceBuilder(BackendKind.HyperV, ReferenceDevices.HyperV)
            .Host(SrIovProbe.Enable, true, ("vf_count", "1")).Cmd(SrIovProbe.Pci, pci).Cmd(SrIovProbe.Links, Sample.Read("ip-link/azure-d8ds-v5-accelnet.txt"))
            .Cmd(SrIovProbe.Drivers, "== eth0\n" + Sample.Read("ethtool-i/lisa-azure-netvsc.txt"));
    }

    [Fact]
    public void SrIov_AzureAccelNetVfEnslavedToNetvscWithoutTraffic_Caveat()
    {
        var verdict = new SrIovProbe().Judge(SrIov().Build());

        Assert.Equal(VerdictKind.SupportedWithCaveat, verdict.Kind);
        Assert.Contains("enslaved to eth0", verdict.Reason);
    }

    [Fact]
    public void SrIov_KernelLogEndsWithDataPathSwitchedFromVf_NotSupported()
    {
        // Real Azure log: switched to the VF, then back from it. The VF's removal from the data path counts against.
        var verdict = new SrIovProbe().Judge(SrIov().Cmd(SrIovProbe.KernelLog, Sample.Read("dmesg-netvsc-vf/azure-mlx5-vf-switch.txt")).Build());

        Assert.Equal(VerdictKind.NotSupported, verdict.Kind);
        Assert.Contains("switched from VF", verdict.Reason);
    }

    [Fact]
    public void SrIov_VfCountersOfTheSyntheticNicRose_Supported()
    {
        // The counter names are netvsc's (derived sample); only the master NIC's own section counts.
        var stats = Sample.Read("ethtool-S/hyperv-netvsc-4queue-derived.txt").Replace("vf_rx_packets: 0", "vf_rx_packets: 1207");
        var withOther = "== eth1\n" + stats + "== eth0\n" + Sample.Read("ethtool-S/hyperv-netvsc-4queue-derived.txt");
        Assert.Equal(VerdictKind.SupportedWithCaveat, new SrIovProbe().Judge(SrIov().Cmd(SrIovProbe.Stats, withOther).Build()).Kind);

        var verdict = new SrIovProbe().Judge(SrIov().Cmd(SrIovProbe.Stats, "== eth0\n" + stats).Build());

        Assert.Equal(VerdictKind.Supported, verdict.Kind);
        Assert.Contains("vf_rx_packets 1207", verdict.Reason);
    }

    [Fact]
    public void SrIov_VfEnslavedToAVirtioNic_NotSupportedNamingTheMaster()
    {
        var verdict = new SrIovProbe().Judge(SrIov().Cmd(SrIovProbe.Drivers, "== eth0\n" + Sample.Read("ethtool-i/kvm-vultr-virtio.txt")).Build());

        Assert.Equal(VerdictKind.NotSupported, verdict.Kind);
        Assert.Contains("virtio_net", verdict.Reason);
    }

    [Fact]
    public void SrIov_LabWithoutFacet_NotOfferedWithReason()
    {
        var evidence = new EvidenceBuilder(BackendKind.Qemu, ReferenceDevices.Qemu)
            .Host(SrIovProbe.Enable, false, (HostStep.NotOfferedKey, "QEMU 7.2 has no SR-IOV capable NIC")).Build();

        var verdict = new SrIovProbe().Judge(evidence);

        Assert.Equal(VerdictKind.NotOffered, verdict.Kind);
        Assert.Contains("SR-IOV", verdict.Reason);
    }

    [Fact]
    public void Lro_VirtioFixedOffButHardwareGroTogglesAndHostOffersIt_SupportedNamingTheFlag()
    {
        var evidence = Lro(("lro", "on"));

        var verdict = new LroProbe().Judge(evidence);

        Assert.Equal(VerdictKind.Supported, verdict.Kind);
        Assert.Contains("rx-gro-hw", verdict.Reason);
    }

    [Fact]
    public void Lro_VirtioHardwareGroWithoutTheHostsWord_Caveat() =>
        Assert.Equal(VerdictKind.SupportedWithCaveat, new LroProbe().Judge(Lro()).Kind);

    private static HvCert.Probes.ProbeEvidence Lro(params (string, string)[] host)
    {
        var builder = new EvidenceBuilder(BackendKind.Qemu, ReferenceDevices.Qemu);
        if (host.Length > 0)
        {
            builder = builder.Host(LroProbe.HostOffloads, true, [("tso", "on"), ("checksum", "on"), .. host]);
        }

        return builder.Cmd(LroProbe.Read, OffloadRead("virtio_net", "generic-receive-offload: on\nlarge-receive-offload: off [fixed]\nrx-gro-hw: on\n"))
            .Cmd(LroProbe.Toggle, "large-receive-offload fixed off\nrx-gro-hw toggled on off on\n").Build();
    }
}
