using HvCert.Hosts;

namespace HvCert.Features.Common;

/// <summary>
/// What each backend offers a standard certification VM, used by `hvcert judge --outputs` when the directory holds no
/// offered.json. Hyper-V: the VMBus class GUIDs of include/linux/hyperv.h (the VMBus class GUID table) and the
/// in-tree drivers. QEMU lab: the virtio devices of the lab's base profile (docs/qemu-lab in the README).
/// A live run never uses this table: it reads IVm.OfferedDevices from the backend that provisioned the VM.
/// </summary>
internal static class ReferenceDevices
{
    public static IReadOnlyList<OfferedDevice> For(BackendKind backend) => backend == BackendKind.HyperV ? HyperV : Qemu;

    public static readonly IReadOnlyList<OfferedDevice> HyperV =
    [
        new(DeviceRole.Network, "f8615163-df3e-46c5-913f-f2d2f965ed0e", ["hv_netvsc"]),
        new(DeviceRole.Storage, "ba6163d9-04a1-4d29-b605-72e2ffb1dc7f", ["hv_storvsc"]),
        new(DeviceRole.Shutdown, "0e0b6031-5213-4934-818b-38d90ced39db", ["hv_utils"]),
        new(DeviceRole.TimeSync, "9527e630-d0ae-497b-adce-e80ab0175caf", ["hv_utils"]),
        new(DeviceRole.Heartbeat, "57164f39-9115-4e78-ab55-382f3bd5422d", ["hv_utils"]),
        new(DeviceRole.KeyValue, "a9a0f4e7-5a45-4d96-b827-8a841e8c03e6", ["hv_utils"]),
        new(DeviceRole.Backup, "35fa2e29-ea23-4236-96ae-3a6ebacba440", ["hv_utils"]),
        new(DeviceRole.Balloon, "525074dc-8985-46e2-8057-a307dc18a502", ["hv_balloon"]),
        new(DeviceRole.Mouse, "cfa8b69e-5b4a-4cc0-b98b-8ba1a1f3f95a", ["hid_hyperv"]),
        new(DeviceRole.Keyboard, "f912ad6d-2b17-48ea-bd65-f927a61c7684", ["hyperv_keyboard"]),
        new(DeviceRole.Video, "da0a7802-e377-4aac-8e77-0558eb1073f8", ["hyperv_fb", "hyperv_drm"]),
    ];

    public static readonly IReadOnlyList<OfferedDevice> Qemu =
    [
        new(DeviceRole.Network, "virtio-net-pci", ["virtio_net"], "1af4:1000"),
        new(DeviceRole.Storage, "virtio-scsi-pci", ["virtio_scsi"], "1af4:1004"),
        new(DeviceRole.GuestAgent, "virtserialport org.qemu.guest_agent.0", ["virtio_console"]),
        new(DeviceRole.Balloon, "virtio-balloon-pci", ["virtio_balloon"], "1af4:1002"),
        new(DeviceRole.Mouse, "usb-tablet", ["usbhid"]),
    ];
}
