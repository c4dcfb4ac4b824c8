using HvCert.HyperV.Cim;

namespace HvCert.Tests.HyperV.Twin;

/// <summary>The semantic checks Hyper-V applies to settings changes, each with its source.</summary>
internal static class TwinRules
{
    public static void CheckModify(TwinVm vm, CimInstanceData before, CimInstanceData after)
    {
        switch (after.ClassName)
        {
            case "Msvm_MemorySettingData":
                Memory(vm, before, after);
                break;
            case "Msvm_ProcessorSettingData":
                // Set-VMProcessor: the processor count of a running VM cannot change.
                if (vm.Running && HyperVTwin.Changed(before, after, "VirtualQuantity") is not null)
                {
                    throw new RefusedException(Refused.InvalidState, $"Msvm_ProcessorSettingData.VirtualQuantity cannot change while '{vm.Name}' is running");
                }

                if (after.Number("VirtualQuantity") is not (>= 1 and <= 64))
                {
                    throw Refused.Invalid($"Msvm_ProcessorSettingData.VirtualQuantity {after.Number("VirtualQuantity")} is outside 1..64 (the host's logical processors)");
                }

                break;
            case "Msvm_SyntheticDisplayControllerSettingData":
                // Set-VMVideo works on a VM that is off; ResolutionType is 2 Maximum, 3 Single, 4 Default (class page).
                if (vm.Running)
                {
                    throw new RefusedException(Refused.InvalidState, $"Msvm_SyntheticDisplayControllerSettingData cannot change while '{vm.Name}' is running");
                }

                if (after.Number("ResolutionType") is not (2 or 3 or 4))
                {
                    throw Refused.Invalid($"Msvm_SyntheticDisplayControllerSettingData.ResolutionType {after.Number("ResolutionType")} is not 2, 3 or 4");
                }

                break;
            case var ic when ic.EndsWith("ComponentSettingData", StringComparison.Ordinal):
                // Integration service settings take EnabledState 2 (Enabled) or 3 (Disabled) (Msvm_*ComponentSettingData pages).
                if (after.Number("EnabledState") is not (2 or 3))
                {
                    throw Refused.Invalid($"{ic}.EnabledState {after.Number("EnabledState")} is not 2 or 3");
                }

                break;
        }
    }

    /// <summary>
    /// Memory in MB (AllocationUnits "byte * 2^20"): every size a multiple of 2; with Dynamic Memory Reservation (minimum) &lt;=
    /// VirtualQuantity (startup) &lt;= Limit (maximum) and VirtualNumaEnabled = false on the VSSD (hyperv-wmi.md "Corrections",
    /// os-win vmutils.update_vm_memory). While running, Dynamic Memory cannot be switched and, with it on, startup cannot change
    /// (Set-VMMemory); with it off, startup may change on 2016+ (runtime memory resize, build 14393).
    /// </summary>
    private static void Memory(TwinVm vm, CimInstanceData before, CimInstanceData after)
    {
        var (startup, min, max) = (after.Number("VirtualQuantity") ?? 0, after.Number("Reservation") ?? 0, after.Number("Limit") ?? 0);
        var dynamic = after.Bool("DynamicMemoryEnabled");
        foreach (var (name, value) in new[] { ("VirtualQuantity", startup), ("Reservation", min), ("Limit", max) })
        {
            if (value % 2 != 0 || value <= 0)
            {
                throw Refused.Invalid($"Msvm_MemorySettingData.{name} {value} MB: memory sizes must be positive multiples of 2 MB");
            }
        }

        if (dynamic && !(min <= startup && startup <= max))
        {
            throw Refused.Invalid($"Msvm_MemorySettingData: Reservation {min} <= VirtualQuantity {startup} <= Limit {max} does not hold (minimum <= startup <= maximum)");
        }

        if (dynamic && vm.Vssd.Bool("VirtualNumaEnabled"))
        {
            throw Refused.Invalid($"Msvm_MemorySettingData.DynamicMemoryEnabled: Dynamic Memory and virtual NUMA cannot both be enabled on '{vm.Name}' (set Msvm_VirtualSystemSettingData.VirtualNumaEnabled = false)");
        }

        if (vm.Running && before.Bool("DynamicMemoryEnabled") != dynamic)
        {
            throw new RefusedException(Refused.InvalidState, $"Msvm_MemorySettingData.DynamicMemoryEnabled cannot change while '{vm.Name}' is running");
        }

        if (vm.Running && dynamic && HyperVTwin.Changed(before, after, "VirtualQuantity") is not null)
        {
            throw new RefusedException(Refused.InvalidState, $"Msvm_MemorySettingData.VirtualQuantity (startup) cannot change while '{vm.Name}' runs with Dynamic Memory");
        }
    }
}
