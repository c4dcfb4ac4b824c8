using HvCert.Features.Memory.Ballooning;
using HvCert.Features.Memory.HotAdd;
using HvCert.Features.Memory.MmioGap;
using HvCert.Features.Memory.Pae;
using HvCert.Features.Memory.RuntimeResize;
using HvCert.Hosts;
using HvCert.Probes;

namespace HvCert.Tests.Features;

public sealed class MemoryJudgesTests
{
    private const string Gen1 = "lab-debian12-gen1";

    [Fact]
    public void Pae_LabX86_64_NotApplicable()
    {
        var v = FeatbEvidence.Qemu("memory.pae").Sample(PaeProbe.Machine, "uname-m", Gen1).Judge();
        Assert.Equal(VerdictKind.NotApplicable, v.Kind);
        Assert.Contains("PAE concerns 32-bit", v.Reason);
    }

    [Fact]
    public void Pae_I686WithPaeAndFiveGiB_Supported()
    {
        var v = FeatbEvidence.HyperV("memory.pae").Out(PaeProbe.Machine, "i686\n").Out(PaeProbe.Kernel, "6.1.0-50-686-pae\n")
            .Sample(PaeProbe.CpuFlags, "proc-cpuinfo", "build-host-firecracker").Out(PaeProbe.MemoryInfo, "MemTotal:        5120000 kB\n").Judge();
        Assert.Equal(VerdictKind.Supported, v.Kind);
    }

    [Fact]
    public void Pae_I686Below4GiB_NotSupported()
    {
        var v = FeatbEvidence.HyperV("memory.pae").Out(PaeProbe.Machine, "i686\n").Out(PaeProbe.Kernel, "6.1.0-50-686\n")
            .Sample(PaeProbe.CpuFlags, "proc-cpuinfo", "build-host-firecracker").Out(PaeProbe.MemoryInfo, "MemTotal:        3045000 kB\n").Judge();
        Assert.Equal(VerdictKind.NotSupported, v.Kind);
    }

    [Fact]
    public void MmioGap_HyperVOpenVmmIomem_128MiBMatchesHost()
    {
        var v = FeatbEvidence.HyperV("memory.mmio-gap").Host(MmioGapProbe.Configured, true, ("low_gap_mb", "128"))
            .Sample(MmioGapProbe.Iomem, "proc-iomem", "openvmm-fedora-nvme").Judge();
        Assert.Equal(VerdictKind.Supported, v.Kind);
        Assert.Contains("128 MiB", v.Reason);
    }

    [Fact]
    public void MmioGap_HyperVHostSaysDifferentGap_NotSupported()
    {
        var v = FeatbEvidence.HyperV("memory.mmio-gap").Host(MmioGapProbe.Configured, true, ("low_gap_mb", "512"))
            .Sample(MmioGapProbe.Iomem, "proc-iomem", "openvmm-fedora-nvme").Judge();
        Assert.Equal(VerdictKind.NotSupported, v.Kind);
    }

    [Fact]
    public void MmioGap_LabGen1_3328MiBGapFound()
    {
        var v = FeatbEvidence.Qemu("memory.mmio-gap").Host(MmioGapProbe.Configured, true, ("low_gap_mb", "3328"))
            .Sample(MmioGapProbe.Iomem, "proc-iomem", Gen1).Judge();
        Assert.Equal(VerdictKind.Supported, v.Kind);
    }

    [Fact]
    public void MmioGap_NegativeNoGapSetting_NotOffered()
    {
        var v = FeatbEvidence.Qemu("memory.mmio-gap").NotOffered(MmioGapProbe.Configured, "the host configured no mmio.low_gap_mb on this VM").Judge();
        Assert.Equal(VerdictKind.NotOffered, v.Kind);
    }

    [Fact]
    public void MmioGap_RedactedIomem_Error()
    {
        var v = FeatbEvidence.Qemu("memory.mmio-gap").Host(MmioGapProbe.Configured, true, ("low_gap_mb", "3328"))
            .Out(MmioGapProbe.Iomem, "00000000-00000000 : System RAM\n").Judge();
        Assert.Equal(VerdictKind.Error, v.Kind);
    }

    [Fact]
    public void HotAdd_LabPcDimm512_Supported()
    {
        var v = FeatbEvidence.Qemu("memory.hot-add").Sample(HotAddProbe.Before, "proc-meminfo", "lab-debian12-gen1-before-dimm")
            .Host(HotAddProbe.Add, true, ("added_mb", "512")).Sample(HotAddProbe.After, "proc-meminfo", "lab-debian12-gen1-after-dimm")
            .Sample(HotAddProbe.Blocks, "memory-blocks", "lab-debian12-gen1-after-dimm").Judge();
        Assert.Equal(VerdictKind.Supported, v.Kind);
    }

    [Fact]
    public void HotAdd_NegativeNoSlots_NotSupported()
    {
        var v = FeatbEvidence.Qemu("memory.hot-add").Sample(HotAddProbe.Before, "proc-meminfo", "lab-debian12-gen1-before-dimm")
            .Host(HotAddProbe.Add, false, ("error", "no slots")).Judge();
        Assert.Equal(VerdictKind.NotSupported, v.Kind);
    }

    [Fact]
    public void HotAdd_HyperVHotAddFailedInGuest_NotSupported()
    {
        // hv_balloon logged "Memory hot add failed" (real Hyper-V capture): MemTotal did not move.
        var before = LinuxSampleText("proc-meminfo", "lab-debian12-gen1-before-dimm");
        var v = FeatbEvidence.HyperV("memory.hot-add").Out(HotAddProbe.Before, before).Host(HotAddProbe.Add, true, ("added_mb", "512"))
            .Out(HotAddProbe.After, before).Sample(HotAddProbe.DriverLog, "dmesg", "hyperv-win10-hassos-hv_balloon").Judge();
        Assert.Equal(VerdictKind.NotSupported, v.Kind);
        Assert.Contains("+0 MiB", v.Reason);
    }

    [Fact]
    public void RuntimeResize_LabVirtioMem256_Supported()
    {
        var v = FeatbEvidence.Qemu("memory.runtime-resize").Host(RuntimeResizeProbe.Assigned, true, ("memory_mb", "1024"))
            .Sample(RuntimeResizeProbe.Before, "proc-meminfo", "lab-debian12-gen1-before-vmem")
            .Host(RuntimeResizeProbe.Resize, true, ("requested_mb", "1280"), ("size_mb", "1280"))
            .Sample(RuntimeResizeProbe.After, "proc-meminfo", "lab-debian12-gen1-after-vmem").Judge();
        Assert.Equal(VerdictKind.Supported, v.Kind);
    }

    [Fact]
    public void RuntimeResize_GuestIgnoresResize_NotSupported()
    {
        var v = FeatbEvidence.Qemu("memory.runtime-resize").Host(RuntimeResizeProbe.Assigned, true, ("memory_mb", "1024"))
            .Sample(RuntimeResizeProbe.Before, "proc-meminfo", "lab-debian12-gen1-before-vmem")
            .Host(RuntimeResizeProbe.Resize, true, ("requested_mb", "1280"))
            .Sample(RuntimeResizeProbe.After, "proc-meminfo", "lab-debian12-gen1-before-vmem").Judge();
        Assert.Equal(VerdictKind.NotSupported, v.Kind);
    }

    [Fact]
    public void Ballooning_LabVirtioBalloon_Supported()
    {
        var v = FeatbEvidence.Qemu("memory.ballooning").Sample(BallooningProbe.Inventory, "sysfs-inventory", Gen1)
            .Host(BallooningProbe.Assigned, true, ("memory_mb", "1024"))
            .Sample(BallooningProbe.Before, "proc-meminfo", "lab-debian12-gen1-before-balloon").Host(BallooningProbe.Reclaim, true)
            .Sample(BallooningProbe.After, "proc-meminfo", "lab-debian12-gen1-after-balloon").Judge();
        Assert.Equal(VerdictKind.Supported, v.Kind);
    }

    [Fact]
    public void Ballooning_NegativeNoBalloonDevice_NotOffered()
    {
        var v = FeatbEvidence.Qemu("memory.ballooning").Without(DeviceRole.Balloon).Sample(BallooningProbe.Inventory, "sysfs-inventory", Gen1).Judge();
        Assert.Equal(VerdictKind.NotOffered, v.Kind);
    }

    [Fact]
    public void Ballooning_HyperVDmDeviceMissingInGuest_NotSupported()
    {
        // Offered Hyper-V Dynamic Memory (525074dc) but the guest's vmbus tree lacks it: a driver/binding failure.
        var v = FeatbEvidence.HyperV("memory.ballooning").Out(BallooningProbe.Inventory, "vmbus 9527e630-d0ae-497b-adce-e80ab0175caf hv_utils {9527e630-d0ae-497b-adce-e80ab0175caf}\n").Judge();
        Assert.Equal(VerdictKind.NotSupported, v.Kind);
    }

    private static string LinuxSampleText(string command, string source) => HvCert.Tests.Guests.Tools.Linux.LinuxSamples.Read(command, source);
}
