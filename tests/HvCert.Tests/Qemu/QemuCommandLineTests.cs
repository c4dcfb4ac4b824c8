using HvCert.Catalog;
using HvCert.Hosts;
using HvCert.Qemu.Lab;

namespace HvCert.Tests.Qemu;

public sealed class QemuCommandLineTests
{
    internal static LaunchOptions Options(Generation generation, bool secureBoot = true, string? tap = null, params VmFault[] faults) =>
        new(new VmSpec("r1", "vm1", "debian-bookworm", generation, secureBoot, Faults: faults.ToHashSet()),
            new VmFiles("/tmp/hvcert/r1/vm1"), "/cache/disk.qcow2", "/tmp/hvcert/r1/id_ed25519.pub", 40022, "52:54:00:aa:bb:cc",
            "0x5000c500a1b2c3d4", FirmwareFiles.Debian, tap, PeerMac: "52:54:00:aa:bb:cd");

    private static string Line(LaunchOptions o) => string.Join(' ', QemuCommandLine.Build(o));

    [Fact]
    public void Build_Gen1_UsesPcSeaBiosTcgAndTheBaseProfile()
    {
        var line = Line(Options(Generation.Gen1));

        Assert.Contains("-machine pc,max-ram-below-4g=768M", line, StringComparison.Ordinal);
        Assert.DoesNotContain("pflash", line, StringComparison.Ordinal);
        Assert.Contains("-accel tcg,thread=single", line, StringComparison.Ordinal);
        Assert.Contains("-smp 2,maxcpus=4", line, StringComparison.Ordinal);
        Assert.Contains("-m 1048568K,slots=4,maxmem=4096M", line, StringComparison.Ordinal);
        Assert.Contains("-name hvcert-r1-vm1,process=hvcert-r1-vm1", line, StringComparison.Ordinal);
        Assert.Contains("scsi-hd,bus=scsi0.0,drive=data0,id=datadisk,serial=hvcert-data,wwn=0x5000c500a1b2c3d4", line, StringComparison.Ordinal);
        Assert.Contains("discard=unmap", line, StringComparison.Ordinal);
        Assert.Contains("hostfwd=tcp:127.0.0.1:40022-:22", line, StringComparison.Ordinal);
        Assert.Contains("name=org.qemu.guest_agent.0", line, StringComparison.Ordinal);
        Assert.Contains("virtio-balloon-pci", line, StringComparison.Ordinal);
        Assert.Contains("bochs-display", line, StringComparison.Ordinal);
        Assert.Contains("virtio-tablet-pci", line, StringComparison.Ordinal);
        Assert.Contains("-device pvpanic", line, StringComparison.Ordinal);
        Assert.Contains("name=opt/hvcert/host_key,file=/tmp/hvcert/r1/vm1/ssh_host_ed25519_key", line, StringComparison.Ordinal);
        Assert.Contains("-pidfile /tmp/hvcert/r1/vm1/qemu.pid", line, StringComparison.Ordinal);
    }

    /// <summary>The stand-in a lab report names for a device row is a device the lab really starts (not a story in a table).</summary>
    [Theory]
    [InlineData("core.network-device")]
    [InlineData("core.storage-device")]
    [InlineData("core.mouse")]
    [InlineData("memory.ballooning")]
    [InlineData("memory.runtime-resize")]
    [InlineData("video.synthetic")]
    [InlineData("storage.scsi-wwn")]
    [InlineData("storage.trim")]
    public void Build_Gen1_StartsTheStandInItsReportNames(string featureId)
    {
        var device = HvCert.Reporting.LabStandIns.For(featureId).Split(' ')[0];

        Assert.Contains(device, Line(Options(Generation.Gen1)), StringComparison.Ordinal);
    }

    [Fact]
    public void Build_Gen2WithBiosFirmwareFault_StartsAsABiosMachine()
    {
        var line = Line(Options(Generation.Gen2, true, null, VmFault.BiosFirmware));

        Assert.Contains("-machine pc,", line, StringComparison.Ordinal);
        Assert.DoesNotContain("pflash", line, StringComparison.Ordinal);
    }

    [Fact]
    public void Build_Gen2_UsesQ35SecureBootOvmfWithPerVmVarsAndRootPorts()
    {
        var line = Line(Options(Generation.Gen2));

        Assert.Contains("-machine q35,smm=on,max-ram-below-4g=768M", line, StringComparison.Ordinal);
        Assert.Contains("-accel tcg,thread=single", line, StringComparison.Ordinal);
        Assert.Contains("file=/usr/share/OVMF/OVMF_CODE_4M.secboot.fd", line, StringComparison.Ordinal);
        Assert.Contains("if=pflash,format=qcow2,unit=1,file=/tmp/hvcert/r1/vm1/OVMF_VARS.qcow2", line, StringComparison.Ordinal);
        Assert.Contains("bochs-display", line, StringComparison.Ordinal);
        Assert.Contains("pcie-root-port,id=rp3", line, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(VmFault.NoBalloonDevice, "virtio-balloon-pci")]
    [InlineData(VmFault.NoGuestAgent, "org.qemu.guest_agent.0")]
    [InlineData(VmFault.NoWwn, "wwn=")]
    [InlineData(VmFault.NoMouseDevice, "virtio-tablet-pci")]
    [InlineData(VmFault.NoVideoDevice, "bochs-display")]
    [InlineData(VmFault.NoMemoryHotplugSlots, "slots=")]
    [InlineData(VmFault.NoMmioGapSetting, "max-ram-below-4g")]
    [InlineData(VmFault.DiscardIgnored, "id=data0,format=qcow2,discard=unmap")]
    public void Build_Fault_RemovesWhatItNames(VmFault fault, string gone)
    {
        Assert.Contains(gone, Line(Options(Generation.Gen1)), StringComparison.Ordinal);
        Assert.DoesNotContain(gone, Line(Options(Generation.Gen1, faults: fault)), StringComparison.Ordinal);
    }

    [Fact]
    public void Build_PeerTap_AddsMultiqueueJumboNicUnlessSingleQueue()
    {
        var mq = Line(Options(Generation.Gen2, tap: "hvtabc1"));
        var single = Line(Options(Generation.Gen2, tap: "hvtabc1", faults: VmFault.SingleQueueNic));

        Assert.Contains("tap,id=net1,ifname=hvtabc1,script=no,downscript=no,vhost=off,queues=4", mq, StringComparison.Ordinal);
        Assert.Contains("mq=on,vectors=10", mq, StringComparison.Ordinal);
        Assert.Contains("host_mtu=9000", mq, StringComparison.Ordinal);
        Assert.DoesNotContain("queues=", single, StringComparison.Ordinal);
        Assert.DoesNotContain("mq=on", single, StringComparison.Ordinal);
    }

    [Fact]
    public void Settings_ReflectProfileAndFaults()
    {
        var settings = DeviceProfile.Settings(Options(Generation.Gen2));
        var faulted = DeviceProfile.Settings(Options(Generation.Gen2, faults: [VmFault.NoWwn, VmFault.SecureBootOff, VmFault.NoMmioGapSetting]));

        Assert.Equal("0x5000c500a1b2c3d4", settings["disk.wwn"]);
        Assert.Equal("3328", settings["mmio.low_gap_mb"]);
        Assert.Equal("true", settings["secure_boot"]);
        Assert.Equal("1024", settings["memory.mb"]);
        Assert.False(faulted.ContainsKey("disk.wwn"));
        Assert.False(faulted.ContainsKey("mmio.low_gap_mb"));
        Assert.Equal("false", faulted["secure_boot"]);
    }

    [Fact]
    public void Offered_NoBalloonFault_DropsOnlyTheBalloon()
    {
        var all = DeviceProfile.Offered(Options(Generation.Gen1));
        var without = DeviceProfile.Offered(Options(Generation.Gen1, faults: VmFault.NoBalloonDevice));

        Assert.Contains(all, d => d.Model == "virtio-balloon-pci" && d.PciVendorDevice == "1af4:1002" && d.GuestDrivers.Contains("virtio_balloon"));
        Assert.DoesNotContain(without, d => d.Model == "virtio-balloon-pci");
        Assert.Equal(all.Count - 1, without.Count);
    }

    [Fact]
    public void Build_UnderKvm_UsesTheHostCpuAndNoTcgThreadOption()
    {
        var line = Line(Options(Generation.Gen2) with { Accelerator = HvCert.Qemu.Accel.Accelerator.Kvm });

        Assert.Contains("-accel kvm -cpu host -smp 2,maxcpus=4", line, StringComparison.Ordinal);
        Assert.DoesNotContain("tcg", line, StringComparison.Ordinal);
    }
}
