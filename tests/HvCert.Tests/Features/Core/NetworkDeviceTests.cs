using HvCert.Features.Common;
using HvCert.Features.Core.NetworkDevice;
using HvCert.Hosts;
using HvCert.Probes;
using static HvCert.Features.Core.NetworkDevice.NetworkDeviceProbe;

namespace HvCert.Tests.Features.Core;

public class NetworkDeviceTests
{
    private const string HyperVDrivers = "== eth0\ndriver: hv_netvsc\nversion: \nfirmware-version: N/A\nbus-info: \n";

    [Fact]
    public void Judge_HyperVNicBoundToNetvscAndUp_Supported()
    {
        var evidence = new EvidenceBuilder(BackendKind.HyperV, ReferenceDevices.HyperV)
            .Cmd(Inventory, Sample.Read("sysfs-inventory/azure-d8ds-v5-derived.txt"))
            .Cmd(Drivers, HyperVDrivers)
            .Cmd(Links, Sample.Read("ip-link/azure-d8ds-v5-accelnet.txt"))
            .Build();

        var verdict = new NetworkDeviceProbe().Judge(evidence);

        Assert.Equal(VerdictKind.Supported, verdict.Kind);
        Assert.Contains("hv_netvsc", verdict.Reason);
    }

    [Fact]
    public void Judge_HyperVNicChannelWithoutDriver_NotSupported()
    {
        var unbound = Sample.Read("sysfs-inventory/azure-d8ds-v5-derived.txt").Replace("hv_netvsc {f8615163", "- {f8615163");
        var evidence = new EvidenceBuilder(BackendKind.HyperV, ReferenceDevices.HyperV)
            .Cmd(Inventory, unbound).Cmd(Drivers, HyperVDrivers).Cmd(Links, "").Build();

        var verdict = new NetworkDeviceProbe().Judge(evidence);

        Assert.Equal(VerdictKind.NotSupported, verdict.Kind);
        Assert.Contains("no driver", verdict.Reason);
    }

    [Fact]
    public void Judge_NoNetworkOffered_NotOffered()
    {
        var evidence = new EvidenceBuilder(BackendKind.HyperV, ReferenceDevices.HyperV.Where(d => d.Role != DeviceRole.Network).ToList())
            .Cmd(Inventory, Sample.Read("sysfs-inventory/azure-d8ds-v5-derived.txt")).Build();

        Assert.Equal(VerdictKind.NotOffered, new NetworkDeviceProbe().Judge(evidence).Kind);
    }

    [Fact]
    public void Judge_QemuVirtioNetBound_Supported()
    {
        var evidence = new EvidenceBuilder(BackendKind.Qemu, ReferenceDevices.Qemu)
            .Cmd(Inventory, "pci 0000:00:03.0 virtio-pci 0x1af4:0x1000\nvirtio virtio0 virtio_net 0x1af4:0x0001\n")
            .Cmd(Drivers, "== ens3\ndriver: virtio_net\nversion: 1.0.0\nbus-info: 0000:00:03.0\n")
            .Cmd(Links, "2: ens3: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc fq_codel state UP mode DEFAULT group default qlen 1000\n    link/ether 52:54:00:12:34:56 brd ff:ff:ff:ff:ff:ff\n")
            .Build();

        Assert.Equal(VerdictKind.Supported, new NetworkDeviceProbe().Judge(evidence).Kind);
    }

    [Fact]
    public void Judge_QemuTwoNicsOneUnbound_NotSupported()
    {
        var nic = ReferenceDevices.Qemu.First(d => d.Role == DeviceRole.Network);
        var twoNics = ReferenceDevices.Qemu.Append(nic).ToList();
        const string inventory = "pci 0000:00:03.0 virtio-pci 0x1af4:0x1000\npci 0000:00:04.0 virtio-pci 0x1af4:0x1000\n"
            + "virtio virtio0 virtio_net 0x1af4:0x0001\nvirtio virtio1 - 0x1af4:0x0001\n";
        var evidence = new EvidenceBuilder(BackendKind.Qemu, twoNics)
            .Cmd(Inventory, inventory).Cmd(Drivers, "== ens3\ndriver: virtio_net\n").Cmd(Links, "").Build();

        var verdict = new NetworkDeviceProbe().Judge(evidence);

        Assert.Equal(VerdictKind.NotSupported, verdict.Kind);
        Assert.Contains("1 bound", verdict.Reason);
        var bothBound = new EvidenceBuilder(BackendKind.Qemu, twoNics)
            .Cmd(Inventory, inventory.Replace("virtio1 -", "virtio1 virtio_net")).Cmd(Drivers, "== ens3\ndriver: virtio_net\n")
            .Cmd(Links, "2: ens3: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc fq_codel state UP mode DEFAULT group default qlen 1000\n    link/ether 52:54:00:12:34:56 brd ff:ff:ff:ff:ff:ff\n").Build();
        Assert.Equal(VerdictKind.Supported, new NetworkDeviceProbe().Judge(bothBound).Kind);
    }

    [Fact]
    public void Judge_EthtoolMissing_NeverAPass()
    {
        var evidence = new EvidenceBuilder(BackendKind.Qemu, ReferenceDevices.Qemu)
            .Cmd(Inventory, "pci 0000:00:03.0 virtio-pci 0x1af4:0x1000\nvirtio virtio0 virtio_net 0x1af4:0x0001\n")
            .Cmd(Drivers, "== ens3\n", exit: 127, stderr: "sh: 1: ethtool: not found")
            .Cmd(Links, "").Build();

        var verdict = new NetworkDeviceProbe().Judge(evidence);

        Assert.Equal(VerdictKind.NotSupported, verdict.Kind);
        Assert.Contains("ethtool", verdict.Reason);
    }

    [Fact]
    public async Task RunAsync_FakeGuest_RecordsThreeNumberedCommands()
    {
        var guest = new FakeGuest(("/sys/bus/vmbus", FakeGuest.Ok("virtio virtio0 virtio_net 0x1af4:0x0001\npci 0000:00:03.0 virtio-pci 0x1af4:0x1000\n")),
            ("ethtool -i", FakeGuest.Ok("== ens3\ndriver: virtio_net\n")), ("ip -d link", FakeGuest.Ok("2: ens3: <UP,LOWER_UP> mtu 1500 state UP\n")));
        var vm = new FakeVm(FakeVm.DefaultSpec(), ReferenceDevices.Qemu);

        var evidence = await ProbeHarness.RunAsync(new NetworkDeviceProbe(), vm, guest, BackendKind.Qemu);

        Assert.Equal([1, 2, 3], evidence.Commands.Select(c => c.Step));
        Assert.Equal(VerdictKind.Supported, new NetworkDeviceProbe().Judge(evidence).Kind);
    }
}
