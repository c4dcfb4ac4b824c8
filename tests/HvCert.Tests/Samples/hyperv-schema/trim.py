#!/usr/bin/env python3
# Derives hyperv-v2-schema.trimmed.json from the full extraction of Microsoft's Hyper-V WMI v2 reference
# (MicrosoftDocs/win32 desktop-src/HyperV_v2/*.md, see "source" in the output). Usage: trim.py FULL.json > trimmed.json
# Keeps the classes in CLASSES, every superclass of them, and every method declared on any kept class. Nothing is edited.
import json, sys

CLASSES = """Msvm_ComputerSystem Msvm_VirtualEthernetSwitch Msvm_VirtualSystemSettingData Msvm_VirtualSystemManagementService
Msvm_VirtualSystemSnapshotService Msvm_VirtualSystemSnapshotSettingData Msvm_ImageManagementService Msvm_VirtualHardDiskSettingData
Msvm_VirtualHardDiskState Msvm_ConcreteJob Msvm_StorageJob Msvm_MigrationJob Msvm_AffectedJobElement Msvm_Error
Msvm_ResourceAllocationSettingData Msvm_StorageAllocationSettingData Msvm_MemorySettingData Msvm_ProcessorSettingData
Msvm_SyntheticEthernetPortSettingData Msvm_EthernetPortAllocationSettingData Msvm_EthernetSwitchPortVlanSettingData
Msvm_EthernetSwitchPortOffloadSettingData Msvm_EthernetSwitchPortOffloadData Msvm_SyntheticFcPortSettingData
Msvm_FcPortAllocationSettingData Msvm_ResourcePool Msvm_SyntheticDisplayControllerSettingData Msvm_GuestNetworkAdapterConfiguration
Msvm_KvpExchangeComponent Msvm_KvpExchangeComponentSettingData Msvm_KvpExchangeDataItem Msvm_HeartbeatComponent
Msvm_HeartbeatComponentSettingData Msvm_ShutdownComponent Msvm_ShutdownComponentSettingData Msvm_TimeSyncComponent
Msvm_TimeSyncComponentSettingData Msvm_VssComponent Msvm_VssComponentSettingData Msvm_GuestServiceInterfaceComponent
Msvm_GuestServiceInterfaceComponentSettingData Msvm_GuestFileService Msvm_CopyFileToGuestSettingData Msvm_SyntheticMouse
Msvm_VideoHead Msvm_SyntheticDisplayController Msvm_VirtualSystemMigrationService Msvm_VirtualSystemMigrationSettingData
Msvm_AssignableDeviceService Msvm_PciExpress Msvm_PciExpressSettingData Msvm_SettingsDefineState Msvm_SnapshotOfVirtualSystem
Msvm_VirtualEthernetSwitchManagementService Msvm_VirtualEthernetSwitchSettingData Msvm_AssignableDeviceDismountSettingData""".split()

full = json.load(open(sys.argv[1]))
kept = set()
for name in CLASSES:
    while name and name in full["classes"] and name not in kept:
        kept.add(name)
        name = full["classes"][name]["superclass"]
out = {
    "derived": "tests/HvCert.Tests/Samples/hyperv-schema/trim.py from the file named in 'source' (classes HvCert uses, their superclasses, their methods)",
    "source": full["source"],
    "note": full["note"],
    "classes": {k: v for k, v in sorted(full["classes"].items()) if k in kept},
    "methods": [m for m in full["methods"] if m["class"] in kept],
}
json.dump(out, sys.stdout, indent=1, sort_keys=False)
print()
