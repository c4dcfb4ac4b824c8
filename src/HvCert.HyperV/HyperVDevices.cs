using HvCert.Catalog;
using HvCert.Hosts;
using HvCert.HyperV.Inventory;

namespace HvCert.HyperV;

/// <summary>The VMBus devices a Hyper-V VM is offered, with class GUIDs and Linux/FreeBSD driver names from guest-probes.md §1.</summary>
internal static class HyperVDevices
{
    public static IReadOnlyList<OfferedDevice> For(VmSpec spec, HyperVInventory inventory)
    {
        var list = new List<OfferedDevice>
        {
            new(DeviceRole.Network, "f8615163-df3e-46c5-913f-f2d2f965ed0e", ["hv_netvsc", "hn"]),
            new(DeviceRole.Storage, "ba6163d9-04a1-4d29-b605-72e2ffb1dc7f", ["hv_storvsc", "storvsc"]),
            new(DeviceRole.Mouse, "cfa8b69e-5b4a-4cc0-b98b-8ba1a1f3f95a", ["hid_hyperv"]),
            new(DeviceRole.Keyboard, "f912ad6d-2b17-48ea-bd65-f927a61c7684", ["hyperv_keyboard", "hvkbd"]),
            new(DeviceRole.Video, "da0a7802-e377-4aac-8e77-0558eb1073f8", ["hyperv_fb", "hyperv_drm"]),
        };
        AddUnless(list, spec, VmFault.NoGuestAgent,
            new(DeviceRole.FileCopy, "34d14be3-dee4-41c8-9ae7-6b174977c192", ["hv_utils", "uio_hv_generic"], Detail: "Guest Service Interface, enabled at provisioning"));
        if (spec.Generation == Generation.Gen1)
        {
            list.Add(new(DeviceRole.Storage, "32412632-86cb-44a2-9b5c-50d1417354f5", ["hv_storvsc", "storvsc"], Detail: "Synthetic IDE Controller"));
        }

        AddUnless(list, spec, VmFault.ShutdownIgnored, new(DeviceRole.Shutdown, "0e0b6031-5213-4934-818b-38d90ced39db", ["hv_utils", "hvshutdown"]));
        AddUnless(list, spec, VmFault.GuestClockSkewed, new(DeviceRole.TimeSync, "9527e630-d0ae-497b-adce-e80ab0175caf", ["hv_utils", "hvtimesync"]));
        AddUnless(list, spec, VmFault.HeartbeatStopped, new(DeviceRole.Heartbeat, "57164f39-9115-4e78-ab55-382f3bd5422d", ["hv_utils", "hvheartbeat"]));
        AddUnless(list, spec, VmFault.NoKeyValueChannel, new(DeviceRole.KeyValue, "a9a0f4e7-5a45-4d96-b827-8a841e8c03e6", ["hv_utils", "hvkvp"]));
        AddUnless(list, spec, VmFault.BackupAgentFrozen, new(DeviceRole.Backup, "35fa2e29-ea23-4236-96ae-3a6ebacba440", ["hv_utils", "hvvss"]));
        if (inventory.DynamicMemory && !spec.Has(VmFault.NoBalloonDevice) && !spec.Has(VmFault.NoMemoryHotplugSlots))
        {
            list.Add(new(DeviceRole.Balloon, "525074dc-8985-46e2-8057-a307dc18a502", ["hv_balloon"]));
        }

        if (inventory.San is not null && !spec.Has(VmFault.NoWwn))
        {
            list.Add(new(DeviceRole.FibreChannel, "2f9bcc4a-0069-4af3-b76b-6fd0be528cda", ["hv_storvsc", "storvsc"]));
        }

        return list;
    }

    private static void AddUnless(List<OfferedDevice> list, VmSpec spec, VmFault fault, OfferedDevice device)
    {
        if (!spec.Has(fault))
        {
            list.Add(device);
        }
    }
}
