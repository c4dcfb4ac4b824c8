using HvCert.Cli.Commands;
using HvCert.Features.Common;
using HvCert.Features.Core.NetworkDevice;
using HvCert.Features.Memory;
using HvCert.Features.Memory.Ballooning;
using HvCert.Features.Networking.JumboFrames;
using HvCert.Features.Networking.Lro;
using HvCert.Features.Networking.TsoChecksum;
using HvCert.Features.Networking.Vrss;
using HvCert.Hosts;
using HvCert.Probes;

namespace HvCert.Tests.Features.Common;

/// <summary>
/// Judges name the device they judged and refuse a foreign one under Hyper-V. Guest outputs are real captures: a KVM guest's
/// virtio NIC (xdp-newbies list, Vultr), the lab's own QEMU sysfs inventory, Azure's lsvmbus -vv. The `== IF DEVICE DRIVER`
/// lines are what <see cref="NicSelect.Identify"/> prints for those NICs (sysfs device name and bound driver).
/// </summary>
public sealed class DeviceIdentityTests : IDisposable
{
    private static readonly (string, string)[] Peer = [("guest_mac", "52:54:00:12:34:56"), ("peer_ip", "192.168.77.1"), ("guest_ip", "192.168.77.10"), ("prefix", "24")];
    private static readonly string KvmChannels = "== ens3 virtio0 virtio_net\n" + Sample.Read("ethtool-l/kvm-vultr-virtio-2ch.txt");
    private static readonly string KvmInterrupts = Sample.Read("proc-interrupts/kvm-virtio-net-1cpu.txt");
    private readonly string dir = Directory.CreateTempSubdirectory("hvcert-identity").FullName;

    [Fact]
    public void Vrss_KvmVirtioNicWithTwoChannelsUnderHyperV_NotSupportedNamingVirtio_ThroughHvcertJudge()
    {
        File.WriteAllText(Path.Combine(dir, "h1.json"), "{\"guest_mac\":\"52:54:00:12:34:56\",\"peer_ip\":\"192.168.77.1\"}");
        File.WriteAllText(Path.Combine(dir, "3.txt"), KvmChannels);
        File.WriteAllText(Path.Combine(dir, "4.txt"), KvmInterrupts);
        File.WriteAllText(Path.Combine(dir, "6.txt"), "");
        File.WriteAllText(Path.Combine(dir, "7.txt"), KvmInterrupts);
        var (stdout, stderr) = (new StringWriter(), new StringWriter());

        var code = JudgeCommand.Run("net.vrss", "linux", "hyperv", 1, false, dir, false, stdout, stderr);

        Assert.Equal(1, code);
        Assert.Contains("NotSupported", stdout.ToString());
        Assert.Contains("ens3 (virtio_net on virtio virtio0), a KVM/QEMU virtio device", stdout.ToString());
        Assert.Contains("hv_netvsc on VMBus", stdout.ToString());
    }

    [Fact]
    public void Vrss_SameKvmNicUnderQemu_IsTheOfferedDeviceAndJudgedOnItsOwnQueueInterrupts()
    {
        var evidence = new EvidenceBuilder(BackendKind.Qemu, ReferenceDevices.Qemu).Host(VrssProbe.Prepare, true, Peer).Cmd(VrssProbe.Channels, KvmChannels)
            .Cmd(VrssProbe.InterruptsBefore, KvmInterrupts).Cmd(VrssProbe.Load, "").Cmd(VrssProbe.InterruptsAfter, KvmInterrupts).Build();

        var verdict = new VrssProbe().Judge(evidence);

        // One vCPU and no interrupt growth: the NIC is accepted, the spread is not shown.
        Assert.Equal(VerdictKind.NotSupported, verdict.Kind);
        Assert.Contains("virtio0 input-queue interrupts", verdict.Reason);
    }

    [Theory]
    [InlineData("000d3a03-1646-000d-3a03-1646000d3a03", "eth0", "3,4")]
    [InlineData("000d3a03-1eb1-000d-3a03-1eb1000d3a03", "eth1", "1,2")]
    public void Vrss_MultiNicAzure_TakesTheChannelCpusOfTheNicUnderTest(string instance, string nic, string cpus)
    {
        // Real Azure lsvmbus -vv (4 NICs): queue 1 and 2 of eth0 target CPUs 3,4; of eth1 CPUs 1,2.
        var stats = Sample.Read("ethtool-S/hyperv-netvsc-4queue-derived.txt");
        var before = stats.Replace("rx_queue_1_packets: 95", "rx_queue_1_packets: 0").Replace("rx_queue_2_packets: 104", "rx_queue_2_packets: 0");
        var channels = Channels(nic, instance);
        var evidence = new EvidenceBuilder(BackendKind.HyperV, ReferenceDevices.HyperV).Host(VrssProbe.Prepare, true, Peer).Cmd(VrssProbe.Channels, channels)
            .Cmd(VrssProbe.InterruptsBefore, "").Cmd(VrssProbe.StatsBefore, before).Cmd(VrssProbe.Load, "").Cmd(VrssProbe.InterruptsAfter, "")
            .Cmd(VrssProbe.StatsAfter, stats).Cmd(VrssProbe.Vmbus, Sample.Read("lsvmbus-vv/azure-d8ds-v5-4nic.txt")).Build();

        var verdict = new VrssProbe().Judge(evidence);

        Assert.Equal(VerdictKind.Supported, verdict.Kind);
        Assert.Contains($"receive work on CPUs {cpus}", verdict.Reason);
        Assert.Contains($"VMBus {instance}", verdict.Reason);
    }

    [Fact]
    public void Vrss_NicInstanceMissingFromLsvmbus_NotSupportedRatherThanAnotherNicsCpus()
    {
        var stats = Sample.Read("ethtool-S/hyperv-netvsc-4queue-derived.txt");
        var evidence = new EvidenceBuilder(BackendKind.HyperV, ReferenceDevices.HyperV).Host(VrssProbe.Prepare, true, Peer)
            .Cmd(VrssProbe.Channels, Channels("eth2", "000d3a03-ffff-000d-3a03-ffff000d3a03"))
            .Cmd(VrssProbe.InterruptsBefore, "").Cmd(VrssProbe.StatsBefore, stats.Replace("rx_queue_1_packets: 95", "rx_queue_1_packets: 0"))
            .Cmd(VrssProbe.Load, "").Cmd(VrssProbe.InterruptsAfter, "").Cmd(VrssProbe.StatsAfter, stats)
            .Cmd(VrssProbe.Vmbus, Sample.Read("lsvmbus-vv/azure-d8ds-v5-4nic.txt")).Build();

        Assert.Equal(VerdictKind.NotSupported, new VrssProbe().Judge(evidence).Kind);
    }

    [Fact]
    public void TsoAndLro_KvmVirtioNicUnderHyperV_NotSupportedNamingIt()
    {
        var read = "== driver ens3\n" + Sample.Read("ethtool-i/kvm-vultr-virtio.txt") + "== features\ntcp-segmentation-offload: on\ntx-checksumming: on\nrx-checksumming: on\nscatter-gather: on\nlarge-receive-offload: on\n";
        var evidence = new EvidenceBuilder(BackendKind.HyperV, ReferenceDevices.HyperV).Cmd(TsoChecksumProbe.Read, read).Build();

        var tso = new TsoChecksumProbe().Judge(evidence);
        var lro = new LroProbe().Judge(evidence);

        Assert.Equal((VerdictKind.NotSupported, VerdictKind.NotSupported), (tso.Kind, lro.Kind));
        Assert.Contains("ens3 (virtio_net on pci 0000:00:03.0), a KVM/QEMU virtio device", tso.Reason);
    }

    [Fact]
    public void Jumbo_KvmVirtioNicUnderHyperV_NotSupportedBeforeAnyPing()
    {
        var evidence = new EvidenceBuilder(BackendKind.HyperV, ReferenceDevices.HyperV).Host(JumboFramesProbe.Prepare, true, Peer)
            .Cmd(JumboFramesProbe.Configure, "== ens3 virtio0 virtio_net\n3: ens3: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 9000 qdisc mq state UP\n").Build();

        var verdict = new JumboFramesProbe().Judge(evidence);

        Assert.Equal(VerdictKind.NotSupported, verdict.Kind);
        Assert.Contains("virtio_net", verdict.Reason);
    }

    [Fact]
    public void NetworkDevice_LabQemuInventoryUnderHyperV_NotSupportedNamingTheVirtioNic()
    {
        var evidence = new EvidenceBuilder(BackendKind.HyperV, ReferenceDevices.HyperV)
            .Cmd(NetworkDeviceProbe.Inventory, Sample.Read("sysfs-inventory/lab-debian12-gen1.txt")).Build();

        var verdict = new NetworkDeviceProbe().Judge(evidence);

        Assert.Equal(VerdictKind.NotSupported, verdict.Kind);
        Assert.Contains("virtio_net on virtio virtio1 instead (a KVM/QEMU virtio device)", verdict.Reason);
    }

    [Fact]
    public void Binding_OfferListNamingAVirtioModelUnderHyperV_IsNeverBound()
    {
        // An offered.json that claims virtio-net is the Hyper-V NIC: the lab inventory would match it, Hyper-V must not.
        var evidence = new EvidenceBuilder(BackendKind.HyperV, ReferenceDevices.Qemu)
            .Cmd(NetworkDeviceProbe.Inventory, Sample.Read("sysfs-inventory/lab-debian12-gen1.txt")).Build();

        var verdict = new NetworkDeviceProbe().Judge(evidence);

        Assert.Equal(VerdictKind.NotSupported, verdict.Kind);
        Assert.Contains("not a Hyper-V VMBus device", verdict.Reason);
    }

    [Fact]
    public void Ballooning_MemAvailableFellButMemTotalDidNot_NotSupported()
    {
        // Two real lab captures of one Gen1 VM: MemTotal 917180 kB in both, MemAvailable 738712 → 728544 kB.
        var evidence = new EvidenceBuilder(BackendKind.Qemu, ReferenceDevices.Qemu)
            .Cmd(BallooningProbe.Inventory, Sample.Read("sysfs-inventory/lab-debian12-gen1.txt"))
            .Host(BallooningProbe.Assigned, true, ("memory_mb", "1024"))
            .Cmd(BallooningProbe.Before, Sample.Read("proc-meminfo/lab-debian12-gen1-before-vmem.txt"))
            .Host(BallooningProbe.Reclaim, true, ("target_mb", "1016"))
            .Cmd(BallooningProbe.After, Sample.Read("proc-meminfo/lab-debian12-gen1.txt")).Build();

        var verdict = new BallooningProbe().Judge(evidence);

        Assert.Equal(VerdictKind.NotSupported, verdict.Kind);
        Assert.Contains("MemTotal −0 MiB (MemAvailable −9 MiB, not counted) for 8 MiB", verdict.Reason);
    }

    [Theory]
    [InlineData(0, 8 * 1024, false)]
    [InlineData(1, 256 * 1024, false)]
    [InlineData(200 * 1024, 256 * 1024, true)]
    [InlineData(256 * 1024, 256 * 1024, true)]
    [InlineData(500 * 1024, 256 * 1024, false)]
    public void NearAsked_NeedsAboutWhatTheHostAsked(long changedKb, long askedKb, bool near) =>
        Assert.Equal(near, MemoryGrowthJudge.NearAsked(changedKb, askedKb));

    [Fact]
    public void JudgedDevice_BusOfSysfsNames()
    {
        Assert.Equal("vmbus", JudgedDevice.BusOf("000d3a03-1646-000d-3a03-1646000d3a03"));
        Assert.Equal("virtio", JudgedDevice.BusOf("virtio0"));
        Assert.Equal("pci", JudgedDevice.BusOf("0000:00:03.0"));
        Assert.Equal("xen", JudgedDevice.BusOf("vif-0"));
        Assert.Null(JudgedDevice.BusOf("eth0"));
    }

    // `ethtool -l` in the layout of the real LISA netvsc capture, with 8 combined channels (the 8-vCPU VM of the lsvmbus capture).
    private static string Channels(string nic, string instance) =>
        $"== {nic} {instance} hv_netvsc\n" + Sample.Read("ethtool-l/lisa-azure-netvsc-1ch.txt").Replace("eth0", nic).Replace("Combined:\t1", "Combined:\t8");

    public void Dispose() => Directory.Delete(dir, recursive: true);
}
