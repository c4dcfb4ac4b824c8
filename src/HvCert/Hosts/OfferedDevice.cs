namespace HvCert.Hosts;

/// <summary>What the guest-visible device is for, independent of the hypervisor.</summary>
public enum DeviceRole
{
    Network,
    Storage,
    Shutdown,
    TimeSync,
    Heartbeat,
    KeyValue,
    Backup,
    FileCopy,
    Balloon,
    Mouse,
    Keyboard,
    Video,
    HostSockets,
    PciPassthrough,
    FibreChannel,
    GuestAgent,
}

/// <summary>
/// A device the host offered to the guest. Probes read this instead of hard-coding a hypervisor: on Hyper-V
/// the model is a VMBus class GUID and the drivers are hv_netvsc and friends; on the QEMU lab they are virtio devices.
/// </summary>
/// <param name="Model">Host-side identity: a VMBus class GUID, or a QEMU device model such as <c>virtio-net-pci</c>.</param>
/// <param name="GuestDrivers">Guest driver names (Linux module / FreeBSD driver) that count as bound.</param>
/// <param name="PciVendorDevice">For PCI devices, <c>vvvv:dddd</c> as <c>lspci -n</c> prints it.</param>
public sealed record OfferedDevice(
    DeviceRole Role,
    string Model,
    IReadOnlyList<string> GuestDrivers,
    string? PciVendorDevice = null,
    string? Detail = null);
