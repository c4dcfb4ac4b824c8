using HvCert.HyperV.Cim;

namespace HvCert.Tests.HyperV.Twin;

/// <summary>Power, runtime devices, file copy, migration, job errors and the registry provider.</summary>
public sealed partial class HyperVTwin
{
    private void RegisterRuntime()
    {
        On("Msvm_ComputerSystem", "RequestStateChange", c =>
        {
            var vm = VmOf(c.Target, c);
            var requested = (int)(c.Number("RequestedState") ?? 0);
            if (requested is not (2 or 3))
            {
                throw Refused.Invalid($"Msvm_ComputerSystem.RequestStateChange: RequestedState {requested} is not modelled (2 Running, 3 Off)");
            }

            // Already in the requested state: 32775 Invalid state (os-win treats it as success).
            if (vm.State == requested)
            {
                throw new RefusedException(Refused.InvalidState, $"RequestStateChange: '{vm.Name}' is already in state {requested}");
            }

            if (requested == 2)
            {
                CheckBootable(vm);
            }

            return Job(c.Method, () =>
            {
                var resumed = vm.State == 6;
                SetState(vm, requested);
                if (requested == 2)
                {
                    vm.StartedAt = Clock.GetUtcNow() - (resumed ? Options.BootTime : TimeSpan.Zero);
                    vm.LastStartResumed = resumed;
                    vm.ColdBoots += resumed ? 0 : 1;
                }

                return [Ref(vm.System)];
            });
        });
        On("Msvm_ComputerSystem", "InjectNonMaskableInterrupt", c =>
        {
            var vm = VmOf(c.Target, c);
            return vm.Running ? Job(c.Method, () => { vm.NmisInjected++; return []; })
                : throw new RefusedException(Refused.InvalidState, $"InjectNonMaskableInterrupt: '{vm.Name}' is not running");
        });
        On("Msvm_ShutdownComponent", "InitiateShutdown", c =>
        {
            var vm = VmOfDevice(c);
            if (!vm.Booted(Clock.GetUtcNow()) || !vm.Enabled("Msvm_ShutdownComponentSettingData"))
            {
                throw new RefusedException(Refused.InvalidState, $"InitiateShutdown: the shutdown service of '{vm.Name}' is not running");
            }

            if (!Options.ShutdownIgnored)
            {
                vm.ShutdownAt = Clock.GetUtcNow() + TimeSpan.FromSeconds(5);
            }

            return Done();
        });
        On("Msvm_SyntheticMouse", "SetAbsolutePosition", c =>
        {
            VmOfDevice(c).MousePositions.Add(((int)c.Number("horizontalPosition")!.Value, (int)c.Number("verticalPosition")!.Value));
            return Done();
        });
        On("Msvm_GuestFileService", "CopyFilesToGuest", c =>
        {
            var vm = VmOfDevice(c);
            var copies = c.Embedded("CopyFileToGuestSettings").Select(s => (Source: s.String("SourcePath") ?? "", Destination: s.String("DestinationPath") ?? "")).ToList();
            foreach (var (source, _) in copies.Where(x => !Exists(x.Source)))
            {
                throw new RefusedException(32779, $"CopyFilesToGuest: Msvm_CopyFileToGuestSettingData.SourcePath '{source}' does not exist on {Name}");
            }

            return Job(c.Method, () =>
            {
                foreach (var (source, destination) in copies)
                {
                    var slash = source.LastIndexOf('\\');
                    vm.CopiedFiles[destination] = File.ReadAllBytes(Path.Combine(Shares[source[..slash]], source[(slash + 1)..]));
                }

                return [];
            });
        });
        On("Msvm_ConcreteJob", "GetErrorEx", c =>
        {
            var text = c.Instance?.String("ErrorDescription");
            var errors = text is null ? [] : new[] { CimXml.Write(CimInstanceData.Create("Msvm_Error", ("Message", CimValue.Of(text)), ("MessageID", CimValue.Of("32773")))) };
            return Done(("Errors", CimValue.Strings(errors)));
        });
        On(Vsms, "GetVirtualSystemThumbnailImage", c =>
        {
            var vm = VmOfSettings(c.Ref("TargetSystem").Key("InstanceID"), c.Method);
            var (w, h) = ((int)(c.Number("WidthPixels") ?? 0), (int)(c.Number("HeightPixels") ?? 0));
            // RGB565, two bytes per pixel (GetVirtualSystemThumbnailImage page); an Off VM has no image.
            var bytes = vm.Running ? Enumerable.Repeat<string?>("0", w * h * 2).ToList() : [];
            return Done(("ImageData", new CimValue(CimKind.UInt8, true, bytes, [])));
        });
        On("Msvm_VirtualSystemMigrationService", "MigrateVirtualSystemToHost", Migrate);
        foreach (var method in new[] { "CreateKey", "SetStringValue", "DeleteKey" })
        {
            On("StdRegProv", method, c => { RegistryCalls.Add($"{method} {c.Text("sSubKeyName")}"); return Done(); });
        }
    }

    /// <summary>What the host's StdRegProv was asked (hv_sockets service registration).</summary>
    public List<string> RegistryCalls { get; } = [];

    private TwinVm VmOfDevice(Invocation c) =>
        Vms.TryGetValue(c.Instance?.String("SystemName") ?? "", out var vm) ? vm : throw Refused.Invalid($"{c.Method}: the device belongs to no VM");

    /// <summary>Starting re-checks what Hyper-V checks at power-on: the memory rules and a boot disk.</summary>
    private void CheckBootable(TwinVm vm)
    {
        var memory = vm.Setting("Msvm_MemorySettingData")!;
        if (memory.Bool("DynamicMemoryEnabled") && vm.Vssd.Bool("VirtualNumaEnabled"))
        {
            throw Refused.Invalid($"RequestStateChange: '{vm.Name}' has Dynamic Memory and virtual NUMA both enabled");
        }

        if (!vm.Settings("Msvm_StorageAllocationSettingData").Any(d => d.String("ResourceSubType") == "Microsoft:Hyper-V:Virtual Hard Disk"))
        {
            throw new RefusedException(Refused.Failed, $"RequestStateChange: '{vm.Name}' has no virtual hard disk to boot from");
        }
    }

    private CimMethodResult Migrate(Invocation c)
    {
        var vm = VmOf(c.Ref("ComputerSystem"), c);
        var destination = c.Text("DestinationHost") ?? "";
        var settings = c.EmbeddedOne("MigrationSettingData");
        var moved = c.Embedded("NewResourceSettingData");
        // The destination must be a Hyper-V host we know (TwinLab = the inventory's second_host), with migration enabled.
        var target = Lab?.Host(destination);
        if (target is null || target == this)
        {
            throw new RefusedException(Refused.Failed, $"MigrateVirtualSystemToHost: the Virtual Machine Management Service could not reach host '{destination}'");
        }

        if (Options.MigrationRefused || target.Options.MigrationRefused)
        {
            throw new RefusedException(Refused.Failed, $"MigrateVirtualSystemToHost: '{destination}' refused the migration (migration not enabled)");
        }

        if (settings.Number("MigrationType") is not (32768 or 32771) || !vm.Running)
        {
            throw Refused.Invalid($"MigrateVirtualSystemToHost: Msvm_VirtualSystemMigrationSettingData.MigrationType {settings.Number("MigrationType")} needs 32768 or 32771 and a running VM");
        }

        // A VM with an assigned device cannot move (Microsoft's DDA planning page: live migration is not supported with DDA).
        if (vm.Settings("Msvm_PciExpressSettingData").Count > 0)
        {
            throw new RefusedException(Refused.Failed, $"MigrateVirtualSystemToHost: '{vm.Name}' has an assigned PCI device (DDA) and cannot be migrated");
        }

        // A NIC connected to a switch the destination lacks makes the VM incompatible with it (Compare-VM lists it as an
        // incompatibility, and Move-VM refuses an incompatible VM): the destination reconnects each port by switch name.
        var switches = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var port in vm.Settings("Msvm_EthernetPortAllocationSettingData"))
        {
            var name = port.Strings("HostResource") is [var path] ? Find(CimRef.ParseWmiPath(path))?.String("ElementName") : null;
            var there = target.Stored("Msvm_VirtualEthernetSwitch").FirstOrDefault(sw => string.Equals(sw.String("ElementName"), name, StringComparison.Ordinal));
            if (name is null || there is null)
            {
                throw new RefusedException(Refused.Failed, $"MigrateVirtualSystemToHost: '{vm.Name}' is connected to virtual switch '{name}', which '{destination}' does not have");
            }

            switches[port.String("InstanceID")!] = Ref(there).ToWmiPath(target.ServerName);
        }

        return Job(c.Method, () =>
        {
            var items = stored.Where(kv => (kv.Value.String("InstanceID") ?? "").StartsWith(vm.Prefix, StringComparison.OrdinalIgnoreCase)
                || (kv.Value.ClassName == "Msvm_ComputerSystem" && kv.Value.String("Name") == vm.Id)).ToList();
            foreach (var (key, instance) in items)
            {
                stored.Remove(key);
                var copy = instance;
                if (moved.FirstOrDefault(m => m.String("InstanceID") == instance.String("InstanceID")) is { } newDisk)
                {
                    copy = instance.With(("HostResource", newDisk["HostResource"]!));
                    var from = instance.Strings("HostResource")[0];
                    var to = newDisk.Strings("HostResource")[0];
                    target.Files[to] = Files[from] with { Path = to };
                    Files.Remove(from);
                }

                if (switches.TryGetValue(instance.String("InstanceID") ?? "", out var switchPath))
                {
                    copy = copy.With(("HostResource", CimValue.Strings(switchPath)));
                }

                target.Store(copy);
            }

            Vms.Remove(vm.Id);
            vm.Host = target;
            target.Vms[vm.Id] = vm;
            return [];
        });
    }
}
