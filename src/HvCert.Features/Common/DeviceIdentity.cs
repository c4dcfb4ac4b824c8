using HvCert.Guests.Tools.Linux;
using HvCert.Hosts;
using HvCert.Probes;

namespace HvCert.Features.Common;

/// <summary>
/// The guest device a judge looked at, as the guest named it: interface (NICs), driver, bus (vmbus, pci, virtio, xen)
/// and id (VMBus instance GUID, PCI address, virtioN). Every per-device judge names it in its reason.
/// </summary>
internal sealed record JudgedDevice(string? Interface, string? Driver, string? Bus, string? Id)
{
    public string Describe()
    {
        var where = (Bus, Id) switch
        {
            ("vmbus", { } id) => $"VMBus {id}",
            ({ } b, { } id) => $"{b} {id}",
            ({ } b, null) => b,
            _ => null,
        };
        var parts = new[] { Driver ?? "no driver", where }.Where(p => p is not null);
        return Interface is null ? string.Join(" on ", parts) : $"{Interface} ({string.Join(" on ", parts)})";
    }

    /// <summary>The bus a sysfs device name implies: a GUID sits on VMBus, <c>virtioN</c> on virtio, <c>dddd:bb:ss.f</c> on PCI, <c>vif-N</c> on Xen.</summary>
    public static string? BusOf(string? sysfsName) => sysfsName switch
    {
        null or "" => null,
        _ when Guid.TryParse(sysfsName, out _) => "vmbus",
        _ when sysfsName.StartsWith("virtio", StringComparison.Ordinal) => "virtio",
        _ when sysfsName.StartsWith("vif-", StringComparison.Ordinal) || sysfsName.StartsWith("vbd-", StringComparison.Ordinal) => "xen",
        _ when System.Text.RegularExpressions.Regex.IsMatch(sysfsName, @"^[0-9a-f]{4,8}:[0-9a-f]{2}:[0-9a-f]{2}\.[0-7]$") => "pci",
        _ => null,
    };
}

/// <summary>
/// Whether a guest device is the feature's device for the backend. Under Hyper-V only the synthetic VMBus device and its
/// Hyper-V driver count (a virtio, Xen, ENA or gVNIC device proves nothing about Hyper-V); on the lab the backend's
/// offered stand-in counts. A mismatch is Not supported and names what was found.
/// </summary>
internal static class DeviceIdentity
{
    /// <summary>Known drivers of other hypervisors' devices, by name prefix, with what they are.</summary>
    private static readonly (string Prefix, string What)[] Foreign =
    [
        ("virtio", "a KVM/QEMU virtio device"),
        ("xen", "a Xen paravirtual device"),
        ("vif", "a Xen netfront device"),
        ("vbd", "a Xen blkfront device"),
        ("ena", "an Amazon ENA (Nitro) device"),
        ("gve", "a Google gVNIC device"),
        ("vmxnet", "a VMware vmxnet device"),
        ("vmw_", "a VMware paravirtual device"),
        ("e1000", "an emulated Intel e1000 NIC"),
        ("8139", "an emulated Realtek 8139 NIC"),
        ("bochs", "QEMU's emulated display"),
        ("qxl", "QEMU's QXL display"),
        ("cirrus", "an emulated Cirrus display"),
    ];

    /// <summary>What a foreign driver is, or null when it is not one of the known other-hypervisor drivers.</summary>
    public static string? ForeignKind(string? driver) =>
        driver is null ? null : Foreign.FirstOrDefault(f => driver.StartsWith(f.Prefix, StringComparison.OrdinalIgnoreCase)).What;

    /// <summary>
    /// Drivers that count as the feature's device for <paramref name="role"/>. Hyper-V: the in-tree Hyper-V drivers only,
    /// whatever an offered.json claims; the lab: what the backend offered (else its reference profile).
    /// </summary>
    public static IReadOnlyList<string> ExpectedDrivers(ProbeEvidence evidence, DeviceRole role)
    {
        if (evidence.Backend == BackendKind.HyperV)
        {
            return HyperVDrivers(role);
        }

        // Every offered device of the role counts: the lab offers two storage controllers (virtio-blk root, virtio-scsi data).
        var offered = evidence.OfferedDevices.Where(d => d.Role == role).SelectMany(d => d.GuestDrivers).Distinct().ToList();
        return offered.Count > 0
            ? offered
            : ReferenceDevices.Qemu.FirstOrDefault(d => d.Role == role)?.GuestDrivers ?? [];
    }

    public static IReadOnlyList<string> HyperVDrivers(DeviceRole role) =>
        ReferenceDevices.HyperV.FirstOrDefault(d => d.Role == role)?.GuestDrivers ?? ExtraHyperV.GetValueOrDefault(role, []);

    // Roles outside the standard VM's reference list (hyperv.h: HV_FCOPY, HV_NMI... ; storvsc also serves synthetic FC).
    private static readonly Dictionary<DeviceRole, IReadOnlyList<string>> ExtraHyperV = new()
    {
        [DeviceRole.FibreChannel] = ["hv_storvsc"],
        [DeviceRole.FileCopy] = ["hv_utils"],
        [DeviceRole.PciPassthrough] = ["hv_pci"],
        [DeviceRole.HostSockets] = ["hv_sock", "hv_vmbus"],
    };

    /// <summary>Null when <paramref name="device"/> is the feature's device for the backend; else Not supported naming what was found.</summary>
    public static Verdict? Mismatch(ProbeEvidence evidence, DeviceRole role, JudgedDevice device, string feature)
    {
        var expected = ExpectedDrivers(evidence, role);
        var driverOk = device.Driver is { } d && expected.Any(x => SysfsDeviceInventory.SameDriver(x, d));
        var busOk = evidence.Backend != BackendKind.HyperV || device.Bus is null or "vmbus";
        if (driverOk && busOk)
        {
            return null;
        }

        var want = evidence.Backend == BackendKind.HyperV
            ? $"the Hyper-V synthetic {RoleName(role)} ({string.Join("/", expected)} on VMBus)"
            : $"the offered {RoleName(role)} ({string.Join("/", expected)})";
        var kind = ForeignKind(device.Driver) is { } k ? $", {k}," : "";
        var foreign = evidence.Backend == BackendKind.HyperV && ForeignKind(device.Driver) is not null
            ? ": a foreign device is no evidence of a Hyper-V feature"
            : "";
        return Verdict.NotSupported($"{feature} was judged on {device.Describe()}{kind} not {want}{foreign}");
    }

    /// <summary>Other hypervisors' drivers that would play <paramref name="role"/>: what a foreign guest shows instead.</summary>
    private static readonly Dictionary<DeviceRole, string[]> ForeignByRole = new()
    {
        [DeviceRole.Network] = ["virtio_net", "vif", "xen_netfront", "ena", "gve", "vmxnet3", "e1000", "e1000e", "8139cp", "8139too"],
        [DeviceRole.Storage] = ["virtio_blk", "virtio_scsi", "vbd", "xen_blkfront", "vmw_pvscsi", "nvme"],
        [DeviceRole.Balloon] = ["virtio_balloon", "xen_balloon", "vmw_balloon"],
        [DeviceRole.Video] = ["virtio_gpu", "virtio-pci", "bochs_drm", "bochs-drm", "qxl", "cirrus", "cirrus-qemu", "vmwgfx"],
        [DeviceRole.Mouse] = ["virtio_input", "usbhid", "psmouse"],
        // Integration services: KVM/QEMU guests talk to the host through the guest agent on a virtio-serial port instead.
        [DeviceRole.Heartbeat] = ["virtio_console"],
        [DeviceRole.Shutdown] = ["virtio_console"],
        [DeviceRole.TimeSync] = ["virtio_console", "ptp_kvm"],
        [DeviceRole.KeyValue] = ["virtio_console"],
        [DeviceRole.Backup] = ["virtio_console"],
        [DeviceRole.FileCopy] = ["virtio_console"],
        [DeviceRole.GuestAgent] = ["virtio_console"],
    };

    /// <summary>Guest devices bound to another hypervisor's driver for <paramref name="role"/>, e.g. "virtio_net on pci 0000:00:03.0".</summary>
    public static IReadOnlyList<string> FoundInstead(DeviceRole role, IReadOnlyList<BusDevice> inventory) =>
        ForeignByRole.TryGetValue(role, out var drivers)
            ? inventory.Where(d => d.Driver is { } drv && drivers.Any(x => SysfsDeviceInventory.SameDriver(x, drv)))
                .Select(d => $"{d.Driver} on {d.Bus} {d.Device}").Distinct().ToList()
            : [];

    /// <summary>FreeBSD interface names carry their driver (hn0, vtnet0, xn0, ena0, em0).</summary>
    private static readonly (string Prefix, string What)[] FreeBsdNics =
        [("vtnet", "a KVM/QEMU virtio device"), ("xn", "a Xen netfront device"), ("ena", "an Amazon ENA (Nitro) device"), ("gve", "a Google gVNIC device"),
         ("vmx", "a VMware vmxnet3 device"), ("em", "an emulated Intel e1000 NIC"), ("de", "the Hyper-V legacy (emulated DEC 21140) NIC")];

    /// <summary>Under Hyper-V a FreeBSD NIC under test must be hn(4), the synthetic NIC's driver; else Not supported naming it.</summary>
    public static Verdict? FreeBsdNicMismatch(ProbeEvidence evidence, string? ifname, string feature)
    {
        if (evidence.Backend != BackendKind.HyperV || ifname is null || (ifname.StartsWith("hn", StringComparison.Ordinal) && ifname.Length > 2 && char.IsDigit(ifname[2])))
        {
            return null;
        }

        var what = FreeBsdNics.FirstOrDefault(n => ifname.StartsWith(n.Prefix, StringComparison.Ordinal) && ifname.Length > n.Prefix.Length && char.IsDigit(ifname[n.Prefix.Length])).What;
        return Verdict.NotSupported($"{feature} was judged on {ifname}{(what is null ? "" : $", {what},")} not the Hyper-V synthetic NIC (hn on VMBus)");
    }

    public static string RoleName(DeviceRole role) => role switch
    {
        DeviceRole.Network => "NIC",
        DeviceRole.Storage => "storage controller",
        DeviceRole.Balloon => "balloon device",
        DeviceRole.FibreChannel => "Fibre Channel HBA",
        DeviceRole.Video => "video device",
        _ => $"{role} device",
    };
}
