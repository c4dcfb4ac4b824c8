using HvCert.Hosts;

namespace HvCert.Guests;

/// <summary>One VMBus device class as the Linux kernel (include/linux/hyperv.h) and FreeBSD name it.</summary>
/// <param name="LinuxDrivers">Drivers that bind it on Linux (module names as /sys/bus/vmbus/devices/*/driver shows them).</param>
/// <param name="FreeBsdDrivers">FreeBSD driver names as devinfo prints them (without unit number); empty = no FreeBSD driver.</param>
public sealed record VmbusClass(
    Guid ClassId,
    string Macro,
    DeviceRole? Role,
    string LsvmbusLabel,
    IReadOnlyList<string> LinuxDrivers,
    IReadOnlyList<string> FreeBsdDrivers);

/// <summary>The VMBus device class GUIDs of Linux include/linux/hyperv.h (HV_*_GUID). Unknown GUIDs are informational, never a failure.</summary>
public static class VmbusClasses
{
    public static IReadOnlyList<VmbusClass> All { get; } =
    [
        C("f8615163-df3e-46c5-913f-f2d2f965ed0e", "HV_NIC_GUID", DeviceRole.Network, "Synthetic network adapter", ["hv_netvsc"], ["hn"]),
        C("32412632-86cb-44a2-9b5c-50d1417354f5", "HV_IDE_GUID", DeviceRole.Storage, "Synthetic IDE Controller", ["hv_storvsc"], ["storvsc", "blkvsc"]),
        C("ba6163d9-04a1-4d29-b605-72e2ffb1dc7f", "HV_SCSI_GUID", DeviceRole.Storage, "Synthetic SCSI Controller", ["hv_storvsc"], ["storvsc"]),
        C("0e0b6031-5213-4934-818b-38d90ced39db", "HV_SHUTDOWN_GUID", DeviceRole.Shutdown, "[Operating system shutdown]", ["hv_utils"], ["hvshutdown", "hyperv-utils"]),
        C("9527e630-d0ae-497b-adce-e80ab0175caf", "HV_TS_GUID", DeviceRole.TimeSync, "[Time Synchronization]", ["hv_utils"], ["hvtimesync", "hyperv-utils"]),
        C("57164f39-9115-4e78-ab55-382f3bd5422d", "HV_HEART_BEAT_GUID", DeviceRole.Heartbeat, "[Heartbeat]", ["hv_utils"], ["hvheartbeat", "hyperv-utils"]),
        C("a9a0f4e7-5a45-4d96-b827-8a841e8c03e6", "HV_KVP_GUID", DeviceRole.KeyValue, "[Data Exchange]", ["hv_utils"], ["hvkvp", "hyperv-utils"]),
        C("525074dc-8985-46e2-8057-a307dc18a502", "HV_DM_GUID", DeviceRole.Balloon, "[Dynamic Memory]", ["hv_balloon"], []),
        C("cfa8b69e-5b4a-4cc0-b98b-8ba1a1f3f95a", "HV_MOUSE_GUID", DeviceRole.Mouse, "Synthetic mouse", ["hid_hyperv"], ["hvhid"]),
        C("f912ad6d-2b17-48ea-bd65-f927a61c7684", "HV_KBD_GUID", DeviceRole.Keyboard, "Synthetic keyboard", ["hyperv_keyboard"], ["hvkbd"]),
        C("35fa2e29-ea23-4236-96ae-3a6ebacba440", "HV_VSS_GUID", DeviceRole.Backup, "[Backup (volume checkpoint)]", ["hv_utils"], ["hvvss"]),
        C("da0a7802-e377-4aac-8e77-0558eb1073f8", "HV_SYNTHVID_GUID", DeviceRole.Video, "Synthetic framebuffer adapter", ["hyperv_fb", "hyperv_drm"], []),
        C("2f9bcc4a-0069-4af3-b76b-6fd0be528cda", "HV_SYNTHFC_GUID", DeviceRole.FibreChannel, "Synthetic fiber channel adapter", ["hv_storvsc"], ["storvsc"]),
        C("34d14be3-dee4-41c8-9ae7-6b174977c192", "HV_FCOPY_GUID", DeviceRole.FileCopy, "[Guest services]", ["hv_utils", "uio_hv_generic"], []),
        C("8c2eaf3d-32a7-4b09-ab99-bd1f1c86b501", "HV_ND_GUID", null, "Synthetic RDMA adapter", [], []),
        C("44c4f61d-4444-4400-9d52-802e27ede19f", "HV_PCIE_GUID", DeviceRole.PciPassthrough, "PCI Express pass-through", ["hv_pci"], ["vmbus_pcib", "pcib"]),
        C("f8e65716-3cb3-4a06-9a60-1889c5cccab5", "HV_AVMA1_GUID", null, "[Reserved system device]", [], []),
        C("3375baf4-9e15-4b30-b765-67acb10d607b", "HV_AVMA2_GUID", null, "[Reserved system device]", [], []),
        C("276aacf4-ac15-426c-98dd-7521ad3f01fe", "HV_RDV_GUID", null, "[Reserved system device]", [], []),
        C("c376c1c3-d276-48d2-90a9-c04748072c60", "HV_IMC_GUID", null, "Unknown", [], []),
    ];

    private static readonly Dictionary<Guid, VmbusClass> ById = All.ToDictionary(c => c.ClassId);

    public static VmbusClass? Find(Guid classId) => ById.GetValueOrDefault(classId);

    /// <summary>The class offered for a role (the first one when a role has several, e.g. SCSI before IDE is not implied: callers pick by GUID).</summary>
    public static IEnumerable<VmbusClass> ForRole(DeviceRole role) => All.Where(c => c.Role == role);

    private static VmbusClass C(string guid, string macro, DeviceRole? role, string label, string[] linux, string[] freeBsd) =>
        new(Guid.Parse(guid), macro, role, label, linux, freeBsd);
}
