using HvCert.Features.Gen2.SecureBoot;
using HvCert.Features.Gen2.Uefi;
using HvCert.Features.Video.SyntheticVideo;
using HvCert.Hosts;
using HvCert.Probes;

namespace HvCert.Tests.Features;

public sealed class DisplayFirmwareJudgesTests
{
    private const string Gen1 = "lab-debian12-gen1";
    private const string Gen2 = "lab-debian12-gen2-secureboot";

    private static FeatbEvidence LabVideo(string model, string driver, string pci) =>
        FeatbEvidence.Qemu("video.synthetic").Offer(new OfferedDevice(DeviceRole.Video, model, [driver], pci));

    [Fact]
    public void Video_LabGen1BochsMatchesScreendump_Supported()
    {
        var v = LabVideo("bochs-display", "bochs-drm", "1234:1111").Sample(SyntheticVideoProbe.Inventory, "sysfs-inventory", Gen1)
            .Sample(SyntheticVideoProbe.DrmCards, "drm-cards", Gen1).Sample(SyntheticVideoProbe.FbInfo, "framebuffer", Gen1)
            .Host(SyntheticVideoProbe.Screenshot, true, LabNumbers.Gen1Screen).Judge();
        Assert.Equal(VerdictKind.Supported, v.Kind);
    }

    [Fact]
    public void Video_ScreendumpOtherResolution_NotSupported()
    {
        var v = LabVideo("bochs-display", "bochs-drm", "1234:1111").Sample(SyntheticVideoProbe.Inventory, "sysfs-inventory", Gen1)
            .Sample(SyntheticVideoProbe.DrmCards, "drm-cards", Gen1).Sample(SyntheticVideoProbe.FbInfo, "framebuffer", Gen1)
            .Host(SyntheticVideoProbe.Screenshot, true, ("width", "640"), ("height", "480")).Judge();
        Assert.Equal(VerdictKind.NotSupported, v.Kind);
    }

    [Fact]
    public void Video_NegativeNoVideoDevice_NotOffered()
    {
        var v = FeatbEvidence.Qemu("video.synthetic").Without(DeviceRole.Video).Sample(SyntheticVideoProbe.Inventory, "sysfs-inventory", Gen1).Judge();
        Assert.Equal(VerdictKind.NotOffered, v.Kind);
    }

    [Fact]
    public void Video_HyperVSynthvidNotBound_NotSupported()
    {
        // The Hyper-V synthetic video device offered, but the guest lists no vmbus da0a7802 device and its fb0 is the EFI one.
        var v = FeatbEvidence.HyperV("video.synthetic").Out(SyntheticVideoProbe.Inventory, "")
            .Out(SyntheticVideoProbe.DrmCards, "", 1).Out(SyntheticVideoProbe.FbInfo, "EFI VGA\n1024,768\n").Judge();
        Assert.Equal(VerdictKind.NotSupported, v.Kind);
    }

    [Fact]
    public void Video_HyperVHypervFbBound_Supported()
    {
        var v = FeatbEvidence.HyperV("video.synthetic").Out(SyntheticVideoProbe.Inventory, "vmbus da0a7802-e377-4aac-8e77-0558eb1073f8 hyperv_fb {da0a7802-e377-4aac-8e77-0558eb1073f8}\n")
            .Out(SyntheticVideoProbe.DrmCards, "", 1).Out(SyntheticVideoProbe.FbInfo, "hyperv_fb\n1152,864\n")
            .Host(SyntheticVideoProbe.Screenshot, true, ("width", "1152"), ("height", "864")).Judge();
        Assert.Equal(VerdictKind.Supported, v.Kind);
    }

    [Fact]
    public void Uefi_LabGen1Bios_NotSupported()
    {
        var v = FeatbEvidence.Qemu("gen2.uefi").Sample(UefiProbe.Efi, "efi-presence", Gen1, exit: 2).Out(UefiProbe.Banner, "", 1).Judge();
        Assert.Equal(VerdictKind.NotSupported, v.Kind);
    }

    [Fact]
    public void SecureBoot_NegativeFirmwareOff_NotSupported()
    {
        var v = FeatbEvidence.Qemu("gen2.secure-boot").Gen2().Host(SecureBootProbe.Firmware, true, ("firmware", "uefi"), ("secure_boot", "false"))
            .Out(SecureBootProbe.Mokutil, "SecureBoot disabled\n").Out(SecureBootProbe.Variable, "   6   0   0   0   0\n").Judge();
        Assert.Equal(VerdictKind.NotSupported, v.Kind);
    }

    [Fact]
    public void SecureBoot_FirmwareOnGuestSaysDisabled_NotSupported()
    {
        var v = FeatbEvidence.HyperV("gen2.secure-boot").Gen2().Host(SecureBootProbe.Firmware, true, ("firmware", "uefi"), ("secure_boot", "on"))
            .Out(SecureBootProbe.Mokutil, "", 127).Out(SecureBootProbe.Variable, "   6   0   0   0   0\n").Judge();
        Assert.Equal(VerdictKind.NotSupported, v.Kind);
        Assert.Contains("Disabled", v.Reason);
    }

    [Fact]
    public void SecureBoot_Gen1Bios_NotSupported()
    {
        var v = FeatbEvidence.Qemu("gen2.secure-boot").Host(SecureBootProbe.Firmware, true, ("firmware", "bios"), ("secure_boot", "false"))
            .Sample(SecureBootProbe.Mokutil, "mokutil", Gen1).Judge();
        Assert.Equal(VerdictKind.NotSupported, v.Kind);
    }

    [Fact]
    public void Uefi_LabGen2_Supported()
    {
        var v = FeatbEvidence.Qemu("gen2.uefi").Gen2().Sample(UefiProbe.Efi, "efi-presence", Gen2).Sample(UefiProbe.Banner, "dmesg", Gen2 + "-efi").Judge();
        Assert.Equal(VerdictKind.Supported, v.Kind);
        Assert.Contains("EDK II", v.Reason);
    }

    [Fact]
    public void SecureBoot_LabEnabled_Supported()
    {
        var v = FeatbEvidence.Qemu("gen2.secure-boot").Gen2().Host(SecureBootProbe.Firmware, true, ("firmware", "uefi"), ("secure_boot", "true"))
            .Sample(SecureBootProbe.Mokutil, "mokutil", Gen2).Sample(SecureBootProbe.Variable, "efivar-secureboot", Gen2)
            .Sample(SecureBootProbe.KernelLog, "dmesg", Gen2 + "-secureboot").Judge();
        Assert.Equal(VerdictKind.Supported, v.Kind);
    }

    [Fact]
    public void Video_LabGen2VirtioVgaMatchesScreendump_Supported()
    {
        var v = FeatbEvidence.Qemu("video.synthetic").Gen2().Offer(new OfferedDevice(DeviceRole.Video, "virtio-vga", ["virtio_gpu", "virtio-pci"], "1af4:1050"))
            .Out(SyntheticVideoProbe.Inventory, "pci 0000:00:01.0 virtio-pci 0x1af4:0x1050\n")
            .Sample(SyntheticVideoProbe.DrmCards, "drm-cards", Gen2).Sample(SyntheticVideoProbe.FbInfo, "framebuffer", Gen2)
            .Host(SyntheticVideoProbe.Screenshot, true, ("width", "1280"), ("height", "800")).Judge();
        Assert.Equal(VerdictKind.Supported, v.Kind);
    }

    [Fact]
    public void MmioGap_LabGen2OvmfReservesTopOfLowRam_GapFromPciWindow()
    {
        var v = FeatbEvidence.Qemu("memory.mmio-gap").Gen2().Host(HvCert.Features.Memory.MmioGap.MmioGapProbe.Configured, true, ("low_gap_mb", "3328"))
            .Sample(HvCert.Features.Memory.MmioGap.MmioGapProbe.Iomem, "proc-iomem", Gen2).Judge();
        Assert.Equal(VerdictKind.Supported, v.Kind);
        Assert.Contains("0x30000000", v.Reason);
    }

    [Fact]
    public void SecureBoot_HyperVOnAndGuestEnabled_Supported()
    {
        // Hyper-V reports the switch as on/off (Msvm_VirtualSystemSettingData.SecureBootEnabled); the guest side is the lab's real mokutil output.
        var v = FeatbEvidence.HyperV("gen2.secure-boot").Gen2().Host(SecureBootProbe.Firmware, true, ("firmware", "uefi"), ("secure_boot", "on"))
            .Sample(SecureBootProbe.Mokutil, "mokutil", Gen2).Judge();
        Assert.Equal(VerdictKind.Supported, v.Kind);
    }
}
