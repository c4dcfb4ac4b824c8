using HvCert.Catalog;
using HvCert.Qemu.Lab;

namespace HvCert.Tests.Qemu;

public sealed class HostDetectionTests
{
    private static HostDetection Host(bool root, bool vsock = false, bool ovmf = true, string? version = "7.2.22", bool vlan = true) =>
        new(version, true, root, true, true, vsock, false, ovmf, false,
            new HashSet<string> { "scsi-hd", "virtio-balloon-pci", "virtio-mem-pci", "virtio-tablet-pci", "virtio-vga", "bochs-display", "virtserialport" },
            vlan);

    [Fact]
    public void Capabilities_KernelWithout8021q_VlanNotOfferedButPeerIs()
    {
        var caps = QemuCapabilities.From(Host(root: true, vlan: false));

        Assert.True(caps.Has(Facet.NetworkPeer));
        Assert.False(caps.Has(Facet.Vlan));
        Assert.Contains("802.1Q", caps.WhyNot(Facet.Vlan), StringComparison.Ordinal);
    }

    [Fact]
    public void Capabilities_NoNtpServerOnHost_AccurateTimeReferenceNotOffered()
    {
        var caps = QemuCapabilities.From(Host(root: true));

        Assert.False(caps.Has(Facet.HostTimeReference));
        Assert.Contains("127.0.0.1:123", caps.WhyNot(Facet.HostTimeReference), StringComparison.Ordinal);
        Assert.True(QemuCapabilities.From(Host(root: true) with { NtpServerOnHost = true }).Has(Facet.HostTimeReference));
    }

    [Theory]
    [InlineData(Facet.KeyValueExchange, "KVP daemon")]
    [InlineData(Facet.StaticIpInjection, "hv_set_ifconfig")]
    [InlineData(Facet.VmBus, "no VMBus")]
    public void Capabilities_FullyEquippedRootHost_NoGuestPartFacetsNotOfferedWithWhatIsMissing(Facet facet, string missing)
    {
        var caps = QemuCapabilities.From(Host(root: true, vsock: true) with { NtpServerOnHost = true });

        Assert.False(caps.Has(facet));
        Assert.Contains(missing, caps.WhyNot(facet), StringComparison.Ordinal);
        Assert.Contains("Supported by construction", caps.WhyNot(facet), StringComparison.Ordinal);
        Assert.True(caps.Has(Facet.FileCopy)); // the agent's own job (a file copied in) stays offered
        Assert.True(caps.Has(Facet.DeviceBus)); // core.storage-device and core.network-device still read the PCI bus
    }

    [Fact]
    public void ParseVersion_QemuBanner_GivesVersion() =>
        Assert.Equal("7.2.22", HostDetection.ParseVersion("QEMU emulator version 7.2.22 (Debian 1:7.2+dfsg-7+deb12u18+b3)\nCopyright"));

    [Fact]
    public void ParseDevices_DeviceHelp_ListsNames()
    {
        var devices = HostDetection.ParseDevices("Network devices:\nname \"virtio-net-pci\", bus PCI, alias \"virtio-net\"\nname \"e1000\", bus PCI\n");

        Assert.Equal(new HashSet<string> { "virtio-net-pci", "e1000" }, devices);
    }

    [Fact]
    public void Capabilities_NotRoot_NetworkFacetsNotOfferedWithReason()
    {
        var caps = QemuCapabilities.From(Host(root: false));

        Assert.False(caps.Has(Facet.MultiQueueNic));
        Assert.Contains("root", caps.WhyNot(Facet.NetworkPeer), StringComparison.Ordinal);
        Assert.True(caps.Has(Facet.Balloon));
    }

    [Fact]
    public void Capabilities_Root_OffersNetworkButNeverSrIovFcOrPassthrough()
    {
        var caps = QemuCapabilities.From(Host(root: true));

        Assert.True(caps.Has(Facet.Vlan));
        Assert.False(caps.Has(Facet.SrIov));
        Assert.Contains("igb", caps.WhyNot(Facet.SrIov), StringComparison.Ordinal);
        Assert.False(caps.Has(Facet.FibreChannel));
        Assert.False(caps.Has(Facet.PciPassthrough));
        Assert.Contains("vhost-vsock", caps.WhyNot(Facet.HostSockets), StringComparison.Ordinal);
    }

    [Fact]
    public void Capabilities_NoOvmfOrNoQemu_NothingFirmwareOffered()
    {
        Assert.False(QemuCapabilities.From(Host(root: true, ovmf: false)).Has(Facet.SecureBoot));
        var none = QemuCapabilities.From(Host(root: true, version: null));
        Assert.Empty(none.Offered);
        Assert.Contains("install-deps", none.WhyNot(Facet.Shutdown), StringComparison.Ordinal);
    }
}
