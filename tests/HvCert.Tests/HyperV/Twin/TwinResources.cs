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

        if (vm.Running && !subType.Contains("Disk", StringComparison.Ordinal) && !subType.Contains("Ethernet", StringComparison.Ordinal) && !subType.EndsWith("Drive", StringComparison.Ordinal))
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
