using HvCert.HyperV.Cim;

namespace HvCert.Tests.HyperV.Twin;

/// <summary>
/// Discrete Device Assignment. A host PCI device (<see cref="AddPciDevice"/>) belongs to the host until
/// Msvm_AssignableDeviceService.DismountAssignableDevice takes it off (Dismount-VMHostAssignableDevice); only then does an
/// Msvm_PciExpress for it exist, on the host system, and its instance path starts with PCIP\ instead of PCI\. Assigning it
/// (AddResourceSettings of an Msvm_PciExpressSettingData whose HostResource is that Msvm_PciExpress) needs the VM off with
/// AutomaticShutdownAction 2 Turn off, and adds a second Msvm_PciExpress with the same LocationPath on the VM (os-win
/// vmutils10._get_assignable_pci_device: "if the given PCI device is already assigned, the pci_devices list will contain
/// PCI device with the same LocationPath"). MountAssignableDevice gives it back to the host only once no VM holds it.
/// </summary>
public sealed partial class HyperVTwin
{
    private const string Ads = "Msvm_AssignableDeviceService";

    /// <summary>Host PCI devices by location path: PnP instance path and whether the host has dismounted it.</summary>
    public Dictionary<string, TwinPciDevice> PciDevices { get; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>A PCI device the host owns (mounted), e.g. a NIC at PCIROOT(0)#PCI(0300)#PCI(0000).</summary>
    public void AddPciDevice(string locationPath, string instancePath)
    {
        lock (gate)
        {
            PciDevices[locationPath] = new TwinPciDevice(locationPath, instancePath, Dismounted: false);
        }
    }

    private void RegisterDevices()
    {
        On(Ads, "DismountAssignableDevice", c =>
        {
            var settings = c.EmbeddedOne("DismountSettingData");
            if (settings.ClassName != "Msvm_AssignableDeviceDismountSettingData")
            {
                throw Refused.Invalid($"DismountAssignableDevice: DismountSettingData must be Msvm_AssignableDeviceDismountSettingData, not {settings.ClassName}");
            }

            var location = settings.String("DeviceLocationPath") ?? "";
            var device = PciDevices.GetValueOrDefault(location)
                ?? throw new RefusedException(Refused.Failed, $"DismountAssignableDevice: {Name} has no PCI device at Msvm_AssignableDeviceDismountSettingData.DeviceLocationPath '{location}'");
            if (device.Dismounted)
            {
                throw new RefusedException(Refused.InvalidState, $"DismountAssignableDevice: the device at '{location}' is already dismounted from {Name}");
            }

            var dismounted = device with { Dismounted = true, InstancePath = "PCIP" + device.InstancePath[device.InstancePath.IndexOf('\\')..] };
            var result = Job(c.Method, () =>
            {
                PciDevices[location] = dismounted;
                Store(PciExpress(dismounted, ServerName));
                return [];
            });
            return result with { OutParameters = new Dictionary<string, CimValue>(result.OutParameters, StringComparer.OrdinalIgnoreCase) { ["DismountedDeviceInstancePath"] = CimValue.Of(dismounted.InstancePath) } };
        });
        On(Ads, "MountAssignableDevice", c =>
        {
            var location = c.Text("DeviceLocationPath") ?? "";
            var device = PciDevices.GetValueOrDefault(location);
            if (device is not { Dismounted: true })
            {
                throw new RefusedException(Refused.InvalidState, $"MountAssignableDevice: no dismounted device at DeviceLocationPath '{location}' on {Name}");
            }

            if (Stored("Msvm_PciExpress").FirstOrDefault(d => d.String("LocationPath") == location && d.String("SystemName") != ServerName) is { } held)
            {
                throw new RefusedException(Refused.InvalidState, $"MountAssignableDevice: '{location}' is still assigned to VM {held.String("SystemName")}; remove it from the VM first");
            }

            return Job(c.Method, () =>
            {
                Unstore(PciExpress(device, ServerName));
                PciDevices[location] = device with { Dismounted = false, InstancePath = "PCI" + device.InstancePath[device.InstancePath.IndexOf('\\')..] };
                return [];
            });
        });
    }

    /// <summary>Checks an Msvm_PciExpressSettingData being added: a dismounted device of this host, free, and a VM set to turn off.</summary>
    private void CheckAssignment(TwinVm vm, CimInstanceData rasd, string where)
    {
        if (rasd.Strings("HostResource") is not [var path] || ResolvePath(path, $"{where}.HostResource", []) is not { ClassName: "Msvm_PciExpress" } device)
        {
            throw Refused.Invalid($"{where}.HostResource must hold the object path of one Msvm_PciExpress (a dismounted device)");
        }

        if (device.String("SystemName") != ServerName)
        {
            throw Refused.Invalid($"{where}.HostResource names the device of VM {device.String("SystemName")}, not the host's dismounted device");
        }

        if (Stored("Msvm_PciExpress").Count(d => d.String("LocationPath") == device.String("LocationPath")) > 1)
        {
            throw new RefusedException(Refused.Failed, $"{where}: the device at '{device.String("LocationPath")}' is already assigned to a VM");
        }

        // Microsoft's DDA deployment steps: "Set-VM -AutomaticStopAction TurnOff" before Add-VMAssignableDevice.
        if (vm.Vssd.Number("AutomaticShutdownAction") != 2)
        {
            throw new RefusedException(Refused.Failed, $"{where}: '{vm.Name}' needs Msvm_VirtualSystemSettingData.AutomaticShutdownAction 2 (Turn off) for an assigned device");
        }
    }

    /// <summary>The VM's side of an assignment: a second Msvm_PciExpress with the same LocationPath, on the VM.</summary>
    private void StoreAssignment(TwinVm vm, CimInstanceData rasd)
    {
        var host = Find(CimRef.ParseWmiPath(rasd.Strings("HostResource")[0]))!;
        var device = PciDevices[host.String("LocationPath")!];
        Store(PciExpress(device, vm.Id));
    }

    private static CimInstanceData PciExpress(TwinPciDevice device, string system) => CimInstanceData.Create("Msvm_PciExpress",
        ("CreationClassName", CimValue.Of("Msvm_PciExpress")), ("DeviceID", CimValue.Of(device.DeviceId)),
        ("SystemCreationClassName", CimValue.Of("Msvm_ComputerSystem")), ("SystemName", CimValue.Of(system)),
        ("LocationPath", CimValue.Of(device.LocationPath)), ("DeviceInstancePath", CimValue.Of(device.InstancePath)));
}

/// <summary>A host PCI device: where it sits, its PnP instance path (PCI\VEN_… while the host owns it, PCIP\… once dismounted).</summary>
public sealed record TwinPciDevice(string LocationPath, string InstancePath, bool Dismounted)
{
    /// <summary>Msvm_PciExpress.DeviceID: the PnP id with the vendor/device part os-win matches on (VEN_xxxx&amp;DEV_yyyy).</summary>
    public string DeviceId => "Microsoft:" + InstancePath[(InstancePath.IndexOf('\\') + 1)..];
}
