using HvCert.Guests.Tools.Linux;

namespace HvCert.Tests.Guests.Tools.Linux;

public sealed class FirmwareParsersTests
{
    [Fact]
    public void Iomem_OpenVmm_LowGapIs128MiBAndHighRamFound()
    {
        var map = IomemParser.Parse(LinuxSamples.Read("proc-iomem", "openvmm-fedora-nvme"));
        Assert.False(map.Redacted);
        Assert.Equal(0xf8000000UL, map.LowRamTop);
        Assert.Equal(128, map.LowMmioGapMb);
        Assert.Equal(0x407ffffffUL - 0x100000000UL + 1, map.HighRamBytes);
        Assert.Contains(map.Ranges, r => r.Name == "Kernel code" && r.Depth == 1);
    }

    [Fact]
    public void Iomem_NonRoot_Redacted()
    {
        var map = IomemParser.Parse("00000000-00000000 : Reserved\n00000000-00000000 : System RAM\n");
        Assert.True(map.Redacted);
    }

    [Fact]
    public void E820_DmesgLines_EntriesAndPciGap()
    {
        var map = E820Parser.Parse("[    0.000000] BIOS-e820: [mem 0x0000000000100000-0x000000002ffdffff] usable\n[    0.001] [mem 0x30000000-0xfeffbfff] available for PCI devices\n");
        Assert.Equal("usable", Assert.Single(map.Entries).Type);
        Assert.Equal(0x30000000UL, map.PciGapStart);
    }

    [Fact]
    public void Mokutil_States()
    {
        Assert.Equal(SecureBootState.Unsupported, MokutilParser.Parse(LinuxSamples.Read("mokutil", "build-host-no-efi")));
        Assert.Equal(SecureBootState.Disabled, MokutilParser.Parse("SecureBoot disabled\nPlatform is in Setup Mode\n"));
        Assert.Equal(SecureBootState.Enabled, MokutilParser.Parse("SecureBoot enabled\n"));
        Assert.Equal(SecureBootState.Unknown, MokutilParser.Parse("bash: mokutil: command not found"));
    }

    [Theory]
    [InlineData("   6   0   0   0   1\n", "Enabled")]
    [InlineData("   6   0   0   0   0\n", "Disabled")]
    [InlineData("od: '/sys/firmware/efi/efivars/SecureBoot-8be4df61-93ca-11d2-aa0d-00e098032b8c': No such file or directory", "Unsupported")]
    [InlineData("   6   0   0\n", "Unknown")]
    public void EfiVariable_SecureBootByte(string text, string expected) =>
        Assert.Equal(expected, EfiVariableParser.SecureBoot(text).ToString());

    [Fact]
    public void EfiPresence_BuildHost_NoEfi() =>
        Assert.Equal(new FirmwareBoot(false, null), EfiPresenceParser.Parse(LinuxSamples.Read("efi-presence", "build-host-no-efi")));

    [Fact]
    public void EfiPresence_Uefi64() => Assert.Equal(new FirmwareBoot(true, 64), EfiPresenceParser.Parse("/sys/firmware/efi\n64\n"));
}
