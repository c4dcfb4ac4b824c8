using HvCert.HyperV.Cim;

namespace HvCert.Tests.HyperV.Twin;

/// <summary>Msvm_VirtualSystemManagementService: define and destroy VMs, add/modify/remove their resource settings.</summary>
public sealed partial class HyperVTwin
{
    private const string Vsms = "Msvm_VirtualSystemManagementService";
    private int vmCount;

    private void RegisterManagement()
    {
        On(Vsms, "DefineSystem", DefineSystem);
        On(Vsms, "DestroySystem", c =>
        {
            var vm = VmOf(c.Ref("AffectedSystem"), c);
            if (vm.Running)
            {
                throw new RefusedException(Refused.InvalidState, $"DestroySystem: '{vm.Name}' is running; turn it off first");
            }

            return Job(c.Method, () =>
            {
                foreach (var key in stored.Where(kv => (kv.Value.String("InstanceID") ?? "").StartsWith(vm.Prefix, StringComparison.OrdinalIgnoreCase)
                             || kv.Value.String("VirtualSystemIdentifier") == vm.Id || (kv.Value.ClassName == "Msvm_ComputerSystem" && kv.Value.String("Name") == vm.Id)
                             || (kv.Value.ClassName == "Msvm_PciExpress" && kv.Value.String("SystemName") == vm.Id)).Select(kv => kv.Key).ToList())
                {
                    stored.Remove(key);
                }

                Vms.Remove(vm.Id);
                return [];
            });
        });
        On(Vsms, "AddResourceSettings", AddResourceSettings);
        On(Vsms, "ModifyResourceSettings", ModifyResourceSettings);
        On(Vsms, "RemoveResourceSettings", RemoveResourceSettings);
        On(Vsms, "ModifySystemSettings", c =>
        {
            var vssd = c.EmbeddedOne("SystemSettings");
            var vm = Vms.Values.FirstOrDefault(v => string.Equals(v.Prefix, vssd.String("InstanceID"), StringComparison.OrdinalIgnoreCase))
                ?? throw Refused.Invalid($"ModifySystemSettings: no VM has settings {vssd.String("InstanceID")}");
            if (vm.Running && Changed(vm.Vssd, vssd, "VirtualNumaEnabled", "SecureBootEnabled", "VirtualSystemSubType", "UserSnapshotType") is { } p)
            {
                throw new RefusedException(Refused.InvalidState, $"ModifySystemSettings: {p} cannot change while '{vm.Name}' is running");
            }

            return Job(c.Method, () => { Store(vm.Vssd.With(vssd.Properties.Select(kv => (kv.Key, kv.Value)).ToArray())); return [Ref(vm.Vssd)]; });
        });
    }

    internal TwinVm VmOf(CimRef system, Invocation c)
    {
        if (TwinKeys.CheckReference(system) is { } problem)
        {
            throw Refused.Invalid($"{c.Target.ClassName}.{c.Method}: {problem}");
        }

        return Vms.TryGetValue(system.Key("Name") ?? "", out var vm) ? vm : throw Refused.Invalid($"{c.Method}: no VM {system.Key("Name")} on {Name}");
    }

    internal TwinVm VmOfSettings(string? instanceId, string what) =>
        Vms.Values.FirstOrDefault(v => (instanceId ?? "").StartsWith(v.Prefix, StringComparison.OrdinalIgnoreCase))
        ?? throw Refused.Invalid($"{what}: InstanceID '{instanceId}' belongs to no VM on {Name}");

    private CimMethodResult DefineSystem(Invocation c)
    {
        var vssd = c.EmbeddedOne("SystemSettings");
        if (vssd.ClassName != "Msvm_VirtualSystemSettingData")
        {
            throw Refused.Invalid($"DefineSystem: SystemSettings must be Msvm_VirtualSystemSettingData, not {vssd.ClassName}");
        }

        var subType = vssd.String("VirtualSystemSubType") ?? "Microsoft:Hyper-V:SubType:1";
        if (subType is not ("Microsoft:Hyper-V:SubType:1" or "Microsoft:Hyper-V:SubType:2"))
        {
            throw Refused.Invalid($"DefineSystem: Msvm_VirtualSystemSettingData.VirtualSystemSubType '{subType}' is not a generation");
        }

        if (subType.EndsWith('1') && vssd.Bool("SecureBootEnabled"))
        {
            throw Refused.Invalid("DefineSystem: Msvm_VirtualSystemSettingData.SecureBootEnabled needs a generation 2 VM (UEFI)");
        }

        if (c.Embedded("ResourceSettings").Count > 0)
        {
            throw Refused.Invalid("DefineSystem: the twin models ResourceSettings only as an empty array");
        }

        return Job(c.Method, () => [Ref(CreateVm(vssd, subType).System)]);
    }

    private TwinVm CreateVm(CimInstanceData requested, string subType)
    {
        var id = Guid.NewGuid().ToString().ToUpperInvariant();
        var vm = new TwinVm(this, id, ++vmCount);
        Vms[id] = vm;
        Store(CimInstanceData.Create("Msvm_ComputerSystem", ("CreationClassName", CimValue.Of("Msvm_ComputerSystem")), ("Name", CimValue.Of(id)),
            ("ElementName", requested["ElementName"] ?? CimValue.Of("New Virtual Machine")), ("Caption", CimValue.Of("Virtual Machine")),
            ("EnabledState", CimValue.UInt16(3)), ("InstanceID", CimValue.Of("Microsoft:" + id))));
        // New VMs get vNUMA on and Production checkpoints (the 2016+ default: hyperv-wmi.md "Corrections") unless the request says otherwise.
        var vssd = CimInstanceData.Create("Msvm_VirtualSystemSettingData", ("VirtualNumaEnabled", CimValue.Of(true)), ("UserSnapshotType", CimValue.UInt16(3)))
            .With(requested.Properties.Where(p => !p.Value.IsNull || p.Value.IsArray).Select(p => (p.Key, p.Value)).ToArray())
            .With(("InstanceID", CimValue.Of("Microsoft:" + id)), ("VirtualSystemIdentifier", CimValue.Of(id)), ("VirtualSystemSubType", CimValue.Of(subType)),
                ("VirtualSystemType", CimValue.Of("Microsoft:Hyper-V:System:Realized")));
        Store(vssd);
        // InstanceID forms from Samples/hyperv-mof/settings-define-state.mof.
        Store(CimInstanceData.Create("Msvm_ProcessorSettingData", ("InstanceID", CimValue.Of($@"Microsoft:{id}\b637f346-6a0e-4dec-af52-bd70cb80a21d\0")),
            ("ResourceSubType", CimValue.Of("Microsoft:Hyper-V:Processor")), ("VirtualQuantity", CimValue.UInt64(1)), ("Limit", CimValue.UInt64(100000)), ("Reservation", CimValue.UInt64(0))));
        Store(CimInstanceData.Create("Msvm_MemorySettingData", ("InstanceID", CimValue.Of($@"Microsoft:{id}\4764334d-e001-4176-82ee-5594ec9b530e")),
            ("ResourceSubType", CimValue.Of("Microsoft:Hyper-V:Memory")), ("DynamicMemoryEnabled", CimValue.Of(false)),
            ("VirtualQuantity", CimValue.UInt64(1024)), ("Reservation", CimValue.UInt64(512)), ("Limit", CimValue.UInt64(1048576))));
        Store(CimInstanceData.Create("Msvm_SyntheticDisplayControllerSettingData", ("InstanceID", CimValue.Of($@"Microsoft:{id}\F3CF6965-E8D3-44A9-9B7D-A04245EA7525")),
            ("ResourceSubType", CimValue.Of("Microsoft:Hyper-V:Synthetic Display Controller")), ("ResolutionType", CimValue.UInt8(2)),
            ("HorizontalResolution", CimValue.UInt16(1024)), ("VerticalResolution", CimValue.UInt16(768))));
        foreach (var (_, (setting, guid)) in TwinVm.Components)
        {
            // Guest Service Interface is off on a new VM (Enable-VMIntegrationService -Name 'Guest Service Interface' turns it on).
            var on = setting != "Msvm_GuestServiceInterfaceComponentSettingData";
            Store(CimInstanceData.Create(setting, ("InstanceID", CimValue.Of($@"Microsoft:{id}\{guid}")), ("EnabledState", CimValue.UInt16(on ? 2 : 3))));
        }

        if (subType.EndsWith('1'))
        {
            foreach (var address in new[] { "0", "1" })
            {
                Store(CimInstanceData.Create("Msvm_ResourceAllocationSettingData", ("InstanceID", CimValue.Of($@"Microsoft:{id}\83F8638B-8DCA-4152-9EDA-2CA8B33039B4\{address}")),
                    ("ResourceSubType", CimValue.Of("Microsoft:Hyper-V:Emulated IDE Controller")), ("Address", CimValue.Of(address))));
            }
        }

        if (Options.TimeSyncComponentOff)
        {
            SetIc(vm, "Msvm_TimeSyncComponentSettingData", false);
        }

        if (Options.KvpComponentOff)
        {
            SetIc(vm, "Msvm_KvpExchangeComponentSettingData", false);
        }

        return vm;
    }

    private void SetIc(TwinVm vm, string setting, bool on) => Store(vm.Setting(setting)!.With(("EnabledState", CimValue.UInt16(on ? 2 : 3))));

    internal static string? Changed(CimInstanceData before, CimInstanceData after, params string[] properties) =>
        properties.FirstOrDefault(p => after[p] is { } v && !v.IsNull && (before[p]?.Text ?? "") != (v.Text ?? ""));

    internal void SetState(TwinVm vm, int state)
    {
        vm.State = state;
        vm.ShutdownAt = null;
        if (state != 2)
        {
            vm.StartedAt = null;
        }

        Store(vm.System.With(("EnabledState", CimValue.UInt16(state))));
    }

    internal bool IovSwitchFor(TwinVm vm) => vm.Settings("Msvm_EthernetPortAllocationSettingData").Any(p =>
        p.Strings("HostResource") is [var path] && Find(CimRef.ParseWmiPath(path)) is { } sw && sw.Number("MaxIOVOffloads") > 0);
}
