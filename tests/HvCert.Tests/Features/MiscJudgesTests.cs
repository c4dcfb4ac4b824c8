using HvCert.Features.Misc.FileCopy;
using HvCert.Features.Misc.HvSockets;
using HvCert.Features.Misc.Kvp;
using HvCert.Features.Misc.Lsvmbus;
using HvCert.Features.Misc.Nmi;
using HvCert.Features.Misc.PciPassthrough;
using HvCert.Hosts;
using HvCert.Probes;

namespace HvCert.Tests.Features;

public sealed class MiscJudgesTests
{
    private const string Gen1 = "lab-debian12-gen1";

    // The uptime steps are our own `cut -d' ' -f1 /proc/uptime` output: bare numbers that place the injection window.
    [Fact]
    public void Nmi_LabLogLineInsideInjectionWindow_Supported()
    {
        var v = FeatbEvidence.Qemu("misc.nmi").Sample(NmiProbe.InterruptsBefore, "proc-interrupts", Gen1 + "-before").Out(NmiProbe.LogBefore, "", 1)
            .Out(NmiProbe.UptimeBefore, "484.61\n").Host(NmiProbe.Inject, true).Sample(NmiProbe.InterruptsAfter, "proc-interrupts", Gen1 + "-after-nmi")
            .Sample(NmiProbe.LogAfter, "dmesg", Gen1 + "-nmi").Out(NmiProbe.UptimeAfter, "487.02\n").Judge();
        Assert.Equal(VerdictKind.Supported, v.Kind);
        Assert.Contains("485.069 s, inside the injection window", v.Reason);
    }

    [Fact]
    public void Nmi_SameLogLineFromBeforeTheInjectionAndCounterRose_NotSupported()
    {
        // The real lab line is stamped 485.07 s; an injection at 900 s cannot have caused it, and the counter rise proves nothing.
        var v = FeatbEvidence.Qemu("misc.nmi").Sample(NmiProbe.InterruptsBefore, "proc-interrupts", Gen1 + "-before").Out(NmiProbe.LogBefore, "", 1)
            .Out(NmiProbe.UptimeBefore, "900.10\n").Host(NmiProbe.Inject, true).Sample(NmiProbe.InterruptsAfter, "proc-interrupts", Gen1 + "-after-nmi")
            .Sample(NmiProbe.LogAfter, "dmesg", Gen1 + "-nmi").Out(NmiProbe.UptimeAfter, "902.50\n").Judge();
        Assert.Equal(VerdictKind.NotSupported, v.Kind);
        Assert.Contains("outside the injection window", v.Reason);
    }

    [Fact]
    public void Nmi_NegativeNothingArrived_NotSupported()
    {
        var v = FeatbEvidence.Qemu("misc.nmi").Sample(NmiProbe.InterruptsBefore, "proc-interrupts", Gen1 + "-before").Out(NmiProbe.LogBefore, "", 1)
            .Out(NmiProbe.UptimeBefore, "300.00\n").Host(NmiProbe.Inject, true).Sample(NmiProbe.InterruptsAfter, "proc-interrupts", Gen1 + "-before")
            .Out(NmiProbe.LogAfter, "", 1).Out(NmiProbe.UptimeAfter, "302.40\n").Judge();
        Assert.Equal(VerdictKind.NotSupported, v.Kind);
    }

    [Fact]
    public void Nmi_HyperVKernelLogOnly_Supported()
    {
        // Real MSHV capture: the NMI shows in the kernel log at 4.18 s (the guest panicked because unknown_nmi_panic was set).
        var interrupts = HvCert.Tests.Guests.Tools.Linux.LinuxSamples.Read("proc-interrupts", "build-host-firecracker");
        var v = FeatbEvidence.HyperV("misc.nmi").Out(NmiProbe.InterruptsBefore, interrupts).Out(NmiProbe.LogBefore, "", 1)
            .Out(NmiProbe.UptimeBefore, "4.02\n").Host(NmiProbe.Inject, true).Out(NmiProbe.InterruptsAfter, interrupts)
            .Sample(NmiProbe.LogAfter, "dmesg", "mshv-cloud-hypervisor-nmi-panic").Out(NmiProbe.UptimeAfter, "6.50\n").Judge();
        Assert.Equal(VerdictKind.Supported, v.Kind);
        Assert.Contains("unknown reason 20 on CPU 0", v.Reason);
    }

    [Fact]
    public void FileCopy_LabShaMatches_Supported()
    {
        var v = FeatbEvidence.Qemu("misc.file-copy").Host(FileCopyProbe.Copy, true, ("sha256", LabNumbers.FileSha256), ("bytes", "65536"))
            .Sample(FileCopyProbe.Digest, "sha256sum", Gen1).Judge();
        Assert.Equal(VerdictKind.Supported, v.Kind);
    }

    [Fact]
    public void FileCopy_ShaDiffers_NotSupported()
    {
        var v = FeatbEvidence.HyperV("misc.file-copy").Host(FileCopyProbe.Copy, true, ("sha256", new string('0', 64)))
            .Sample(FileCopyProbe.Digest, "sha256sum", Gen1).Judge();
        Assert.Equal(VerdictKind.NotSupported, v.Kind);
    }

    [Fact]
    public void FileCopy_NegativeNoGuestAgent_NotSupported()
    {
        var v = FeatbEvidence.Qemu("misc.file-copy").Without(DeviceRole.GuestAgent).Host(FileCopyProbe.Copy, false, ("error", "guest agent did not answer")).Judge();
        Assert.Equal(VerdictKind.NotSupported, v.Kind);
    }

    [Fact]
    public void Kvp_LabBothDirections_Supported()
    {
        var v = FeatbEvidence.Qemu("misc.kvp").Host(KvpProbe.Write, true, ("key", KvpProbe.Key), ("value", "v-1f2e3d4c5b6a7980"), ("guest_path", "/run/hvcert-kvp/hvcert-kvp"))
            .Out(KvpProbe.ReadInGuest, "v-1f2e3d4c5b6a7980").Sample(KvpProbe.GuestName, "hostname", Gen1)
            .Host(KvpProbe.ReadOnHost, true, ("HostName", LabNumbers.HostName)).Judge();
        Assert.Equal(VerdictKind.Supported, v.Kind);
    }

    [Fact]
    public void Kvp_HyperVPoolRecordAndIntrinsicFqdn_Supported()
    {
        var pool = new byte[2560 * 2];
        System.Text.Encoding.UTF8.GetBytes("other").CopyTo(pool, 0);
        System.Text.Encoding.UTF8.GetBytes(KvpProbe.Key).CopyTo(pool, 2560);
        System.Text.Encoding.UTF8.GetBytes("v-abc").CopyTo(pool, 2560 + 512);
        var v = FeatbEvidence.HyperV("misc.kvp").Host(KvpProbe.Write, true, ("key", KvpProbe.Key), ("value", "v-abc"))
            .Out(KvpProbe.ReadInGuest, Convert.ToBase64String(pool)).Out(KvpProbe.GuestName, "web01\n")
            .Host(KvpProbe.ReadOnHost, true, ("FullyQualifiedDomainName", "web01.contoso.local"), ("OSName", "Debian GNU/Linux")).Judge();
        Assert.Equal(VerdictKind.Supported, v.Kind);
    }

    [Fact]
    public void Kvp_HyperVItemMissingFromPool_NotSupported()
    {
        var v = FeatbEvidence.HyperV("misc.kvp").Host(KvpProbe.Write, true, ("value", "v-abc")).Out(KvpProbe.ReadInGuest, Convert.ToBase64String(new byte[2560])).Judge();
        Assert.Equal(VerdictKind.NotSupported, v.Kind);
    }

    [Fact]
    public void Kvp_NegativeNoChannel_NotSupported()
    {
        var v = FeatbEvidence.Qemu("misc.kvp").Host(KvpProbe.Write, false, ("error", "no guest agent")).Judge();
        Assert.False(v.IsPass);
    }

    [Fact]
    public void Lsvmbus_LabLspciMatchesQueryPci_Supported()
    {
        var v = FeatbEvidence.Qemu("misc.lsvmbus").Sample(LsvmbusProbe.Listing, "lspci", Gen1 + "-nn")
            .Host(LsvmbusProbe.Cross, true, LabNumbers.QueryPci).Judge();
        Assert.Equal(VerdictKind.Supported, v.Kind);
    }

    [Fact]
    public void Lsvmbus_LabHostHasExtraDevice_NotSupported()
    {
        var v = FeatbEvidence.Qemu("misc.lsvmbus").Sample(LsvmbusProbe.Listing, "lspci", Gen1 + "-nn")
            .Host(LsvmbusProbe.Cross, true, [.. LabNumbers.QueryPci, ("dev.99", "00:1f.0 1af4:1052 tablet")]).Judge();
        Assert.Equal(VerdictKind.NotSupported, v.Kind);
        Assert.Contains("1af4:1052", v.Reason);
    }

    [Fact]
    public void Lsvmbus_HyperVLisaSegmentMissingOffered_NotSupported()
    {
        // The real LISA segment lists Dynamic Memory and IDE only; the reference Hyper-V VM offers more classes.
        var v = FeatbEvidence.HyperV("misc.lsvmbus").Sample(LsvmbusProbe.Listing, "lsvmbus", "lisa-azure-segment").Judge();
        Assert.Equal(VerdictKind.NotSupported, v.Kind);
        Assert.Contains("f8615163-df3e-46c5-913f-f2d2f965ed0e", v.Reason);
    }

    [Fact]
    public void Lsvmbus_HyperVOfferedSubsetListed_Supported()
    {
        var v = new FeatbEvidence(BackendKind.HyperV, "misc.lsvmbus").Without(DeviceRole.Network).Without(DeviceRole.Storage).Without(DeviceRole.Shutdown)
            .Without(DeviceRole.TimeSync).Without(DeviceRole.Heartbeat).Without(DeviceRole.KeyValue).Without(DeviceRole.Backup).Without(DeviceRole.Mouse)
            .Without(DeviceRole.Keyboard).Without(DeviceRole.Video)
            .Offer(new OfferedDevice(DeviceRole.Storage, "32412632-86cb-44a2-9b5c-50d1417354f5", ["hv_storvsc"]))
            .Sample(LsvmbusProbe.Listing, "lsvmbus", "lisa-azure-segment").Judge();
        Assert.Equal(VerdictKind.Supported, v.Kind);
    }

    [Fact]
    public void Lsvmbus_HyperVToolMissingSysfsComplete_NotSupported_TheCommandIsTheFeature()
    {
        // Issue #14: this is what the LsvmbusRemoved negative control produces; it was a caveat, so the control could not hold.
        var sysfs = string.Join('\n', HvCert.Features.Common.ReferenceDevices.HyperV.Select(d => $"vmbus {d.Model} {d.GuestDrivers[0]} {{{d.Model}}}"));
        var v = FeatbEvidence.HyperV("misc.lsvmbus").Out(LsvmbusProbe.Listing, "", 127, "bash: lsvmbus: command not found").Out(LsvmbusProbe.Cross, sysfs).Judge();
        Assert.Equal(VerdictKind.NotSupported, v.Kind);
        Assert.Contains("is not installed, although the sysfs vmbus tree has all", v.Reason);
    }

    [Fact]
    public void HvSockets_LabNoFacet_NotOffered()
    {
        var v = FeatbEvidence.Qemu("misc.hv-sockets").Sample(HvSocketsProbe.Modules, "lsmod", Gen1).Out(HvSocketsProbe.KernelLog, "", 1)
            .Out(HvSocketsProbe.Listen, "", 1).NotOffered(HvSocketsProbe.Connect, "the host kernel has no /dev/vhost-vsock").Judge();
        Assert.Equal(VerdictKind.NotOffered, v.Kind);
    }

    [Fact]
    public void HvSockets_HyperVRegisteredAndEchoed_Supported()
    {
        var v = FeatbEvidence.HyperV("misc.hv-sockets").Out(HvSocketsProbe.Modules, "", 127).Sample(HvSocketsProbe.KernelLog, "dmesg", "linuxkit-hyperv-hv_sock")
            .Out(HvSocketsProbe.Listen, "listening\n").Host(HvSocketsProbe.Connect, true, ("port", "5001"), ("payload", "hvcert-x"), ("echo", "hvcert-x")).Judge();
        Assert.Equal(VerdictKind.Supported, v.Kind);
    }

    [Theory]
    [InlineData(null, "", VerdictKind.Error)]
    [InlineData(null, "hvcert-x", VerdictKind.Error)]
    [InlineData("hvcert-x", "", VerdictKind.NotSupported)]
    [InlineData("hvcert-x", "hvcert-y", VerdictKind.NotSupported)]
    public void HvSockets_NoRecordedPayloadOrWrongEcho_NeverSupported(string? payload, string echo, VerdictKind expected)
    {
        (string, string)[] observations = payload is null ? [("port", "5001"), ("echo", echo)] : [("port", "5001"), ("payload", payload), ("echo", echo)];
        var v = FeatbEvidence.HyperV("misc.hv-sockets").Out(HvSocketsProbe.Modules, "", 127).Sample(HvSocketsProbe.KernelLog, "dmesg", "linuxkit-hyperv-hv_sock")
            .Out(HvSocketsProbe.Listen, "listening\n").Host(HvSocketsProbe.Connect, true, observations).Judge();
        Assert.Equal(expected, v.Kind);
    }

    [Fact]
    public void HvSockets_HyperVTransportMissing_NotSupported()
    {
        var v = FeatbEvidence.HyperV("misc.hv-sockets").Sample(HvSocketsProbe.Modules, "lsmod", Gen1).Sample(HvSocketsProbe.KernelLog, "dmesg", "hyperv-win10-hassos-hv_balloon")
            .Out(HvSocketsProbe.Listen, "listening\n").Host(HvSocketsProbe.Connect, false, ("error", "refused")).Judge();
        Assert.Equal(VerdictKind.NotSupported, v.Kind);
    }

    [Fact]
    public void PciPassthrough_LabNoFacet_NotOffered()
    {
        var v = FeatbEvidence.Qemu("misc.pci-passthrough").NotOffered(PciPassthroughProbe.Assign, "vfio-pci: no IOMMU groups on this host").Judge();
        Assert.Equal(VerdictKind.NotOffered, v.Kind);
    }

    [Fact]
    public void PciPassthrough_HyperVDomainWithoutDriver_NotSupported()
    {
        // Real Azure lspci line (domain afb6) without -k: visible, but binding unproven.
        var v = FeatbEvidence.HyperV("misc.pci-passthrough").Host(PciPassthroughProbe.Assign, true, ("pci", "15b3:1004"))
            .Sample(PciPassthroughProbe.Devices, "lspci", "azure-mlx4-vf-domain").Out(PciPassthroughProbe.KernelLog, "", 1).Judge();
        Assert.Equal(VerdictKind.NotSupported, v.Kind);
    }

    [Fact]
    public void PciPassthrough_HyperVBoundOnHvPciDomain_Supported()
    {
        // Domain b4f9 and device 1414:008e come from the real WSL2 hv_pci log; the lspci -k line is shaped after it.
        var v = FeatbEvidence.HyperV("misc.pci-passthrough").Host(PciPassthroughProbe.Assign, true, ("pci", "1414:008e"))
            .Out(PciPassthroughProbe.Devices, "b4f9:00:00.0 3D controller [0302]: Microsoft Corporation Basic Render Driver [1414:008e]\n\tKernel driver in use: dxgkrnl\n")
            .Sample(PciPassthroughProbe.KernelLog, "dmesg", "wsl2-hyperv-hv_pci").Judge();
        Assert.Equal(VerdictKind.Supported, v.Kind);
    }

    [Fact]
    public void PciPassthrough_HyperVLocationPath_AnSrIovVfOnItsOwnDomainIsNotTheAssignedDevice()
    {
        // The Hyper-V facet names the device by location path and PnP id; the only pass-through device the guest shows is a
        // ConnectX-5 VF (15b3:1018, Accelerated Networking), not the assigned ConnectX-4 Lx (VEN_15B3&DEV_1015).
        var v = FeatbEvidence.HyperV("misc.pci-passthrough").Host(PciPassthroughProbe.Assign, true, ("pci", "PCIROOT(0)#PCI(0300)#PCI(0000)"),
                ("device_id", @"Microsoft:VEN_15B3&DEV_1015&SUBSYS_000315B3&REV_00\5&2E3C5F3&0&0018"))
            .Out(PciPassthroughProbe.Devices, "aa2e:00:02.0 Ethernet controller [0200]: Mellanox Technologies MT27800 Family [ConnectX-5 Virtual Function] [15b3:1018] (rev 80)\n\tKernel driver in use: mlx5_core\n")
            .Out(PciPassthroughProbe.KernelLog, "", 1).Judge();
        Assert.Equal(VerdictKind.NotSupported, v.Kind);
    }
}
