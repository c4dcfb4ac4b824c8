using HvCert.Features.Common;
using HvCert.Features.Core.Heartbeat;
using HvCert.Features.Core.Multiprocessing;
using HvCert.Features.Core.StorageDevice;
using HvCert.Hosts;
using HvCert.Hosts.Facets;
using HvCert.Probes;

namespace HvCert.Tests.Features.Core;

public class StorageHeartbeatCpuTests
{
    [Fact]
    public void StorageJudge_HyperVStorvscWithDisk_Supported()
    {
        var evidence = new EvidenceBuilder(BackendKind.HyperV, ReferenceDevices.HyperV)
            .Cmd(StorageDeviceProbe.Inventory, Sample.Read("sysfs-inventory/azure-d8ds-v5-derived.txt"))
            .Cmd(StorageDeviceProbe.Disks, "NAME=\"sda\" TYPE=\"disk\" SIZE=\"30G\" VENDOR=\"Msft    \" MODEL=\"Virtual Disk    \" HCTL=\"0:0:0:0\"\n")
            .Build();

        var verdict = new StorageDeviceProbe().Judge(evidence);

        Assert.Equal(VerdictKind.Supported, verdict.Kind);
        Assert.Contains("hv_storvsc", verdict.Reason);
    }

    [Fact]
    public void StorageJudge_QemuVirtioScsiBlocked_NotSupported()
    {
        var evidence = new EvidenceBuilder(BackendKind.Qemu, ReferenceDevices.Qemu)
            .Cmd(StorageDeviceProbe.Inventory, "pci 0000:00:04.0 - 0x1af4:0x1004\npci 0000:00:05.0 virtio-pci 0x1af4:0x1001\nvirtio virtio1 virtio_blk 0x1af4:0x0002\n")
            .Cmd(StorageDeviceProbe.Disks, "NAME=\"vda\" TYPE=\"disk\" SIZE=\"4G\" VENDOR=\"\" MODEL=\"\" HCTL=\"\"\n")
            .Build();

        Assert.Equal(VerdictKind.NotSupported, new StorageDeviceProbe().Judge(evidence).Kind);
    }

    [Fact]
    public void HeartbeatJudge_HyperVAliveAndBound_Supported()
    {
        var evidence = new EvidenceBuilder(BackendKind.HyperV, ReferenceDevices.HyperV)
            .Cmd(HeartbeatProbe.Inventory, Sample.Read("sysfs-inventory/azure-d8ds-v5-derived.txt"))
            .Host(HeartbeatProbe.Query, true, ("alive", "true"), ("status", "OK"))
            .Build();

        Assert.Equal(VerdictKind.Supported, new HeartbeatProbe().Judge(evidence).Kind);
    }

    [Fact]
    public void HeartbeatJudge_HostSeesNoHeartbeat_NotSupported()
    {
        var evidence = new EvidenceBuilder(BackendKind.Qemu, ReferenceDevices.Qemu)
            .Cmd(HeartbeatProbe.Inventory, "virtio virtio2 virtio_console 0x1af4:0x0003\n")
            .Host(HeartbeatProbe.Query, true, ("alive", "false"), ("status", "guest-ping timed out"))
            .Build();

        Assert.Equal(VerdictKind.NotSupported, new HeartbeatProbe().Judge(evidence).Kind);
    }

    [Fact]
    public async Task HeartbeatRun_BackendWithoutFacet_NotOfferedWithReason()
    {
        var guest = new FakeGuest(("/sys/bus", FakeGuest.Ok("virtio virtio2 virtio_console 0x1af4:0x0003\n")));
        var evidence = await ProbeHarness.RunAsync(new HeartbeatProbe(), new FakeVm(FakeVm.DefaultSpec(), ReferenceDevices.Qemu), guest, BackendKind.Qemu);

        var verdict = new HeartbeatProbe().Judge(evidence);

        Assert.Equal(VerdictKind.NotOffered, verdict.Kind);
        Assert.Contains("Heartbeat", verdict.Reason);
    }

    [Fact]
    public async Task MultiprocessingRun_HotAddOnlinesThirdCpu_Supported()
    {
        var online = "0-1";
        var guest = new FakeGuest { Dynamic = c => c.Contains("echo 1", StringComparison.Ordinal) ? FakeGuest.Ok(online) : FakeGuest.Ok("0-1\n2\n") };
        var vm = new FakeVm(FakeVm.DefaultSpec(cpus: 2), ReferenceDevices.Qemu, new FakeCpuHotAdd(() => online = "0-2"));

        var evidence = await ProbeHarness.RunAsync(new MultiprocessingProbe(), vm, guest, BackendKind.Qemu);
        var verdict = new MultiprocessingProbe().Judge(evidence);

        Assert.Equal(VerdictKind.Supported, verdict.Kind);
        Assert.Contains("hot-added CPU came online", verdict.Reason);
    }

    [Fact]
    public void MultiprocessingJudge_SingleCpuOffered_NotSupported()
    {
        var evidence = new EvidenceBuilder(BackendKind.Qemu, ReferenceDevices.Qemu)
            .Cmd(MultiprocessingProbe.OnlineBefore, "0\n1\n").Host(MultiprocessingProbe.Spec, true, ("cpus", "1")).Build();

        Assert.Equal(VerdictKind.NotSupported, new MultiprocessingProbe().Judge(evidence).Kind);
    }

    [Fact]
    public void MultiprocessingJudge_HyperVNoHotAddAllCpusOnline_SupportedAndSaysSo()
    {
        var evidence = new EvidenceBuilder(BackendKind.HyperV, ReferenceDevices.HyperV)
            .Cmd(MultiprocessingProbe.OnlineBefore, "0-7\n8\n").Host(MultiprocessingProbe.Spec, true, ("cpus", "8"))
            .Host(MultiprocessingProbe.HotAdd, false, (HostStep.NotOfferedKey, "Hyper-V cannot hot-add virtual processors"))
            .Build();

        var verdict = new MultiprocessingProbe().Judge(evidence);

        Assert.Equal(VerdictKind.Supported, verdict.Kind);
        Assert.Contains("hot-add not exercised", verdict.Reason);
    }

    private sealed class FakeCpuHotAdd(Action added) : ICpuHotAddFacet
    {
        public Task<HostActionResult> AddCpuAsync(CancellationToken cancellationToken)
        {
            added();
            return Task.FromResult(HostActionResult.Success("cpu-hot-add", ("cpus_before", "2"), ("cpus_after", "3")));
        }
    }
}
