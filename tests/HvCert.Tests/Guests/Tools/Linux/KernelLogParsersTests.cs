using HvCert.Guests.Tools.Linux;

namespace HvCert.Tests.Guests.Tools.Linux;

public sealed class KernelLogParsersTests
{
    private static IReadOnlyList<KernelLogLine> Dmesg(string source) => KernelLogParser.Parse(LinuxSamples.Read("dmesg", source));

    [Fact]
    public void Parse_StampedLines_KeepSecondsAndMessage()
    {
        var lines = Dmesg("hyperv-win10-hassos-hv_balloon");
        Assert.Equal(0.111196, lines[0].Seconds);
        Assert.Equal("hv_vmbus: Vmbus version:5.0", lines[0].Message);
    }

    [Fact]
    public void Balloon_HyperV_ProtocolAndHotAddFailure()
    {
        var lines = Dmesg("hyperv-win10-hassos-hv_balloon");
        Assert.Equal("2.0", KernelLogEvents.BalloonProtocol(lines));
        Assert.Contains("hv_balloon: Memory hot add failed", KernelLogEvents.Balloon(lines));
    }

    [Fact]
    public void Nmi_MshvPanic_ReasonCpuAndPanic()
    {
        var nmi = Assert.Single(KernelLogEvents.NmiReports(Dmesg("mshv-cloud-hypervisor-nmi-panic")));
        Assert.Equal("20", nmi.Reason);
        Assert.Equal(0, nmi.Cpu);
        Assert.True(nmi.Panicked);
    }

    [Fact]
    public void Nmi_SyslogKernelPrefix_Parsed()
    {
        var nmi = Assert.Single(KernelLogEvents.NmiReports(Dmesg("syslog-baremetal-unknown-nmi")));
        Assert.Equal(42, nmi.Cpu);
        Assert.False(nmi.Panicked);
    }

    [Fact]
    public void HvPci_Wsl2_DomainsOfBothBridges() =>
        Assert.Equal(["b4f9", "1848"], KernelLogEvents.HvPciDomains(Dmesg("wsl2-hyperv-hv_pci")));

    [Fact]
    public void HvPci_NetvscOnly_NoDomains() => Assert.Empty(KernelLogEvents.HvPciDomains(Dmesg("azure-mlx4-vf-domain")));

    [Fact]
    public void HvSock_LinuxKit_RegisteredWithOldFamilyLine()
    {
        var lines = Dmesg("linuxkit-hyperv-hv_sock");
        Assert.True(KernelLogEvents.HvSockRegistered(lines));
        Assert.True(KernelLogEvents.VsockFamilyRegistered(lines));
        Assert.False(KernelLogEvents.HvSockRegistered(Dmesg("hyperv-win10-hassos-hv_balloon")));
    }

    [Theory]
    [InlineData("[    3.101] sdb: detected capacity change from 2097152 to 2228224", "sdb", 2097152L, 2228224L)]
    [InlineData("[  900.5] sd 2:0:0:1: Capacity data has changed", "2:0:0:1", null, null)]
    public void CapacityChanges_BothForms(string line, string device, long? from, long? to)
    {
        var c = Assert.Single(KernelLogEvents.CapacityChanges(KernelLogParser.Parse(line)));
        Assert.Equal((device, from, to), (c.Device, c.FromSectors, c.ToSectors));
    }

    [Fact]
    public void EfiAndSecureBoot_Banner()
    {
        var lines = KernelLogParser.Parse("[    0.000000] efi: EFI v2.70 by EDK II\n[    0.000000] secureboot: Secure boot enabled\n");
        Assert.Equal("EDK II", KernelLogEvents.EfiFirmware(lines));
        Assert.True(KernelLogEvents.SecureBootLogged(lines));
        Assert.Null(KernelLogEvents.SecureBootLogged(Dmesg("linuxkit-hyperv-hv_sock")));
    }

    [Fact]
    public void ProcInterrupts_BuildHost_CpuColumnsAndRows()
    {
        var irq = ProcInterruptsParser.Parse(LinuxSamples.Read("proc-interrupts", "build-host-firecracker"));
        Assert.Equal(["CPU0", "CPU1"], irq.Cpus);
        var nmi = irq.Row("NMI");
        Assert.NotNull(nmi);
        Assert.Equal(2, nmi.PerCpu.Count);
        Assert.Equal("Non-maskable interrupts", nmi.Description);
        Assert.NotEmpty(irq.Matching("virtio0"));
    }

    [Fact]
    public void ProcInterrupts_NoHeader_Empty() => Assert.Null(ProcInterruptsParser.Parse("NMI: 1 2 Non-maskable interrupts").Row("NMI"));
}
