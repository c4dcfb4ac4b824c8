using HvCert.HyperV.Cim;

namespace HvCert.Tests.HyperV.Twin;

/// <summary>AddResourceSettings and ModifyResourceSettings with the checks Hyper-V makes on devices, memory, processors and ICs.</summary>
public sealed partial class HyperVTwin
{
    private CimMethodResult AddResourceSettings(Invocation c)
    {
        var vssdRef = c.Ref("AffectedConfiguration");
        if (TwinKeys.CheckReference(vssdRef) is { } bad)
        {
            throw Refused.Invalid($"AddResourceSettings: AffectedConfiguration: {bad}");
        }

        var vm = VmOfSettings(vssdRef.Key("InstanceID"), "AddResourceSettings.AffectedConfiguration");
        var added = c.Embedded("ResourceSettings");
        var planned = new List<CimInstanceData>();
        foreach (var rasd in added)
        {
            planned.Add(CheckNewDevice(vm, rasd, planned));
        }

        return Job(c.Method, () =>
        {
            planned.ForEach(Store);
            planned.Where(p => p.ClassName == "Msvm_PciExpressSettingData").ToList().ForEach(p => StoreAssignment(vm, p));
            // "All ports have a HW offload SD" (os-win networkutils.set_vswitch_port_offload, which only ever modifies it): a
            // connection comes with its Msvm_EthernetSwitchPortOffloadSettingData, defaults as on the class page (VMQ weight
            // 100, IOV weight 0 = off, 1 queue pair, vRSS on, VMMQ off).
            foreach (var port in planned.Where(p => p.String("ResourceSubType") == "Microsoft:Hyper-V:Ethernet Connection"))
            {
                Store(CimInstanceData.Create("Msvm_EthernetSwitchPortOffloadSettingData",
                    ("InstanceID", CimValue.Of($@"{port.String("InstanceID")}\{Guid.NewGuid().ToString().ToUpperInvariant()}")),
                    ("VMQOffloadWeight", CimValue.UInt32(100)), ("IOVOffloadWeight", CimValue.UInt32(0)), ("IOVQueuePairsRequested", CimValue.UInt32(1)),
                    ("VrssEnabled", CimValue.Of(true)), ("VmmqEnabled", CimValue.Of(false)), ("VmmqQueuePairs", CimValue.UInt32(16))));
            }

            return planned.Select(Ref).ToList();
        });
    }

    /// <summary>Returns the device as the host stores it (new InstanceID) or refuses it.</summary>
    private CimInstanceData CheckNewDevice(TwinVm vm, CimInstanceData rasd, List<CimInstanceData> planned)
    {
        var where = $"AddResourceSettings: {rasd.ClassName}";
        var subType = rasd.String("ResourceSubType") ?? throw Refused.Invalid($"{where}.ResourceSubType is required");
        if (!Templates.Any(t => t.Class == rasd.ClassName && t.SubType == subType))
        {
            throw Refused.Invalid($"{where}.ResourceSubType '{subType}' is not a device type of {rasd.ClassName} on this host");
        }

        if (vm.Running && !HotPluggable(subType))
        {
            throw new RefusedException(Refused.InvalidState, $"{where} '{subType}' cannot be added while '{vm.Name}' is running");
        }

        CimInstanceData? parent = null;
        if (rasd.String("Parent") is { Length: > 0 } parentPath)
        {
            parent = ResolvePath(parentPath, $"{where}.Parent", planned);
            if (!(parent.String("InstanceID") ?? "").StartsWith(vm.Prefix, StringComparison.OrdinalIgnoreCase))
            {
                throw Refused.Invalid($"{where}.Parent {parentPath} is not a device of '{vm.Name}'");
            }
        }

        var guid = Guid.NewGuid().ToString().ToUpperInvariant();
        string instanceId;
        switch (subType)
        {
            case "Microsoft:Hyper-V:Synthetic Disk Drive" or "Microsoft:Hyper-V:Synthetic DVD Drive":
                var controller = parent ?? throw Refused.Invalid($"{where}.Parent must name the controller");
                var slot = rasd.String("AddressOnParent") ?? throw Refused.Invalid($"{where}.AddressOnParent is required");
                var max = controller.String("ResourceSubType") == "Microsoft:Hyper-V:Emulated IDE Controller" ? 2 : 64;
                if (!int.TryParse(slot, out var n) || n < 0 || n >= max)
                {
                    throw Refused.Invalid($"{where}.AddressOnParent '{slot}' is not a location on {controller.String("ResourceSubType")} (0..{max - 1})");
                }

                instanceId = $@"{controller.String("InstanceID")}\{slot}\D";
                if (Stored(rasd.ClassName).Concat(planned).Any(i => i.String("InstanceID") == instanceId))
                {
                    throw Refused.Invalid($"{where}: location {slot} of the controller is already in use");
                }

                break;
            case "Microsoft:Hyper-V:Virtual Hard Disk" or "Microsoft:Hyper-V:Virtual CD/DVD Disk":
                var drive = parent ?? throw Refused.Invalid($"{where}.Parent must name the drive");
                var wantDrive = subType.EndsWith("Hard Disk", StringComparison.Ordinal) ? "Microsoft:Hyper-V:Synthetic Disk Drive" : "Microsoft:Hyper-V:Synthetic DVD Drive";
                if (drive.String("ResourceSubType") != wantDrive)
                {
                    throw Refused.Invalid($"{where}: '{subType}' goes into a '{wantDrive}', not '{drive.String("ResourceSubType")}'");
                }

                var file = rasd.Strings("HostResource") is [var path] ? path : throw Refused.Invalid($"{where}.HostResource must hold exactly one file path");
                if (!Exists(file))
                {
                    throw new RefusedException(Refused.Failed, $"{where}: the file '{file}' does not exist on {Name}");
                }

                instanceId = drive.String("InstanceID")![..^1] + "L";
                break;
            case "Microsoft:Hyper-V:Ethernet Connection":
                if (parent?.ClassName != "Msvm_SyntheticEthernetPortSettingData")
                {
                    throw Refused.Invalid($"{where}.Parent must name the VM's Msvm_SyntheticEthernetPortSettingData");
                }

                if (rasd.Strings("HostResource") is not [var switchPath])
                {
                    throw Refused.Invalid($"{where}.HostResource must hold the switch's object path");
                }

                if (ResolvePath(switchPath, $"{where}.HostResource", planned).ClassName != "Msvm_VirtualEthernetSwitch")
                {
                    throw Refused.Invalid($"{where}.HostResource must name an Msvm_VirtualEthernetSwitch");
                }

                instanceId = $@"{parent.String("InstanceID")}\{guid}";
                break;
            case "Microsoft:Hyper-V:FibreChannel Connection":
                // Microsoft's Fibre Channel sample connects the port to the virtual SAN by PoolID = SAN name (hyperv-wmi.md "Corrections").
                var san = rasd.String("PoolID");
                if (string.IsNullOrEmpty(san) || !Stored("Msvm_ResourcePool").Any(p => p.String("PoolID") == san && p.String("ResourceSubType") == subType))
                {
                    throw Refused.Invalid($"{where}.PoolID '{san}' names no virtual SAN on {Name} (the connection is wired to the SAN by PoolID)");
                }

                if (parent?.ClassName != "Msvm_SyntheticFcPortSettingData")
                {
                    throw Refused.Invalid($"{where}.Parent must name the VM's Msvm_SyntheticFcPortSettingData");
                }

                instanceId = $@"{parent.String("InstanceID")}\{guid}";
                break;
            case "Microsoft:Hyper-V:Virtual Pci Express Port":
                CheckAssignment(vm, rasd, where);
                instanceId = $@"{vm.Prefix}\{guid}";
                break;
            default:
                instanceId = $@"{vm.Prefix}\{guid}";
                break;
        }

        return rasd.With(("InstanceID", CimValue.Of(instanceId)));
    }

    /// <summary>A string-typed object path (RASD Parent/HostResource) resolved strictly: real keys, existing object.</summary>
    private CimInstanceData ResolvePath(string path, string where, IEnumerable<CimInstanceData> planned)
    {
        CimRef reference;
        try
        {
            reference = CimRef.ParseWmiPath(path);
        }
        catch (Exception e) when (e is FormatException or ArgumentException)
        {
            throw Refused.Invalid($"{where}: '{path}' is not a WMI object path");
        }

        if (TwinKeys.CheckReference(reference) is { } problem)
        {
            throw Refused.Invalid($"{where}: {problem}");
        }

        var id = TwinKeys.Identity(reference.ClassName, reference.Key);
        return Find(reference) ?? planned.FirstOrDefault(p => Identity(p) == id) ?? throw Refused.Invalid($"{where}: {path} does not exist");
    }

    /// <summary>
    /// RemoveResourceSettings(ResourceSettings = REF[]) (CIM_VirtualSystemManagementService page): each reference must name an
    /// existing device setting of a VM; removing a device removes what hangs below it (a port's connection and its feature
    /// settings, a drive's disk: their InstanceIDs extend the parent's). While the VM runs only what Add accepts hot may go.
    /// </summary>
    private CimMethodResult RemoveResourceSettings(Invocation c)
    {
        var refs = c.Arg("ResourceSettings")?.References ?? [];
        if (refs.Count == 0)
        {
            throw Refused.Invalid("RemoveResourceSettings: ResourceSettings must name at least one CIM_ResourceAllocationSettingData");
        }

        var doomed = new List<CimInstanceData>();
        foreach (var reference in refs)
        {
            if (TwinKeys.CheckReference(reference) is { } bad)
            {
                throw Refused.Invalid($"RemoveResourceSettings: ResourceSettings: {bad}");
            }

            var rasd = Find(reference) ?? throw Refused.Invalid($"RemoveResourceSettings: ResourceSettings {reference} does not exist on {Name}");
            var vm = VmOfSettings(rasd.String("InstanceID"), "RemoveResourceSettings.ResourceSettings");
            var subType = rasd.String("ResourceSubType") ?? "";
            if (vm.Running && !HotPluggable(subType))
            {
                throw new RefusedException(Refused.InvalidState, $"RemoveResourceSettings: {rasd.ClassName} '{subType}' cannot be removed while '{vm.Name}' is running");
            }

            doomed.Add(rasd);
        }

        return Job(c.Method, () =>
        {
            foreach (var rasd in doomed)
            {
                var below = rasd.String("InstanceID") + "\\";
                foreach (var key in stored.Where(kv => kv.Value.String("InstanceID") is { } id
                             && (id.StartsWith(below, StringComparison.OrdinalIgnoreCase) || string.Equals(id, rasd.String("InstanceID"), StringComparison.OrdinalIgnoreCase))
                             && kv.Value.ClassName != "Msvm_VirtualSystemSettingData").Select(kv => kv.Key).ToList())
                {
                    stored.Remove(key);
                }

                if (rasd.ClassName == "Msvm_PciExpressSettingData")
                {
                    stored.Where(kv => kv.Value.ClassName == "Msvm_PciExpress" && kv.Value.String("SystemName") == VmOfSettings(rasd.String("InstanceID"), "").Id)
                        .Select(kv => kv.Key).ToList().ForEach(k => stored.Remove(k));
                }
            }

            return [];
        });
    }

    /// <summary>Disks, drives and network adapters/connections change on a running VM; controllers, processors, PCI devices do not.</summary>
    private static bool HotPluggable(string subType) =>
        subType.Contains("Disk", StringComparison.Ordinal) || subType.Contains("Ethernet", StringComparison.Ordinal) || subType.EndsWith("Drive", StringComparison.Ordinal);

    private CimMethodResult ModifyResourceSettings(Invocation c)
    {
        var changes = new List<(CimInstanceData Before, CimInstanceData After)>();
        foreach (var rasd in c.Embedded("ResourceSettings"))
        {
            var id = rasd.String("InstanceID");
            var before = Stored(rasd.ClassName).FirstOrDefault(i => string.Equals(i.String("InstanceID"), id, StringComparison.OrdinalIgnoreCase))
                ?? throw Refused.Invalid($"ModifyResourceSettings: no {rasd.ClassName} with InstanceID '{id}'");
            var vm = VmOfSettings(id, "ModifyResourceSettings");
            var after = before.With(rasd.Properties.Where(p => !p.Value.IsNull || p.Value.IsArray).Select(p => (p.Key, p.Value)).ToArray());
            TwinRules.CheckModify(vm, before, after);
            changes.Add((before, after));
        }

        return Job(c.Method, () =>
        {
            foreach (var (before, after) in changes)
            {
                Store(after);
                if (after.ClassName == "Msvm_GuestServiceInterfaceComponentSettingData" && before.Number("EnabledState") != 2 && after.Number("EnabledState") == 2)
                {
                    VmOfSettings(after.String("InstanceID"), "").GuestServicesEnabledAt = Clock.GetUtcNow();
                }
            }

            return changes.Select(ch => Ref(ch.After)).ToList();
        });
    }
}
