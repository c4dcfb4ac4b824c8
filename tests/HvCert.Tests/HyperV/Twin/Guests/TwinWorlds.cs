using HvCert.HyperV.Cim;

namespace HvCert.Tests.HyperV.Twin.Guests;

/// <summary>
/// Reads a twin VM's host-side state into the <see cref="GuestWorld"/> its guest answers from, and keeps each VM's
/// <see cref="GuestState"/> for as long as the guest stays up (a cold boot starts a new one; a live migration keeps it).
/// Dynamic Memory is modelled as the balancer would act with the guest under memory pressure: the guest runs at its startup
/// size; the room a maximum raised above its boot value adds is given to it (hot-add); a minimum the host moves below startup is taken back
/// (balloon). A real balancer moves memory only with demand: this model assumes the demand.
/// </summary>
internal sealed partial class TwinWorlds(TwinLab lab)
{
    private readonly Dictionary<string, (DateTimeOffset? Boot, GuestState State)> states = new(StringComparer.OrdinalIgnoreCase);

    public GuestWorld For(string vmId)
    {
        var vm = lab.Hosts.Select(h => h.Vms.GetValueOrDefault(vmId)).FirstOrDefault(v => v is { Running: true })
            ?? lab.Hosts.Select(h => h.Vms.GetValueOrDefault(vmId)).First(v => v is not null)!;
        var memory = vm.Setting("Msvm_MemorySettingData");
        var startup = memory?.Number("VirtualQuantity") ?? 1024;
        var (min, max) = (memory?.Number("Reservation") ?? startup, memory?.Number("Limit") ?? startup);
        var dynamic = memory?.Bool("DynamicMemoryEnabled") == true;
        var display = vm.Setting("Msvm_SyntheticDisplayControllerSettingData");
        var world = new GuestWorld
        {
            Name = vm.Name,
            Address = vm.GuestAddress,
            Generation = vm.Generation,
            SecureBoot = vm.Vssd.Bool("SecureBootEnabled"),
            Cpus = (int)(vm.Setting("Msvm_ProcessorSettingData")?.Number("VirtualQuantity") ?? 1),
            StartupMb = startup,
            NmisInjected = vm.NmisInjected,
            PointerMoves = vm.MousePositions.Count,
            Now = lab.Clock.GetUtcNow(),
            BootedAt = vm.StartedAt ?? lab.Clock.GetUtcNow(),
            Display = ((int)(display?.Number("HorizontalResolution") ?? 1024), (int)(display?.Number("VerticalResolution") ?? 768)),
            Neighbours = () => lab.Hosts.SelectMany(h => h.Vms.Values).Where(v => v.Running && v.Id != vm.Id).Select(v => For(v.Id)),
        };
        world.State = State(vm);
        var (min0, max0) = world.State.MemoryBaseline ??= (min, max);
        world.MemoryMb = !dynamic ? startup : min != min0 && min < startup ? min : max > max0 ? startup + (max - max0) : startup;
        world.TimeSyncPushes = TimeSyncPushes(vm);
        world.Backups = vm.Host.Invocations("CreateSnapshot").Count(c => c.Arguments.Any(a => a.Value.References.Any(r => r.ToString().Contains(vm.Id, StringComparison.OrdinalIgnoreCase))));
        foreach (var (k, v) in vm.HostItems)
        {
            world.HostKvpItems[k] = v;
        }

        foreach (var (k, v) in vm.CopiedFiles)
        {
            world.CopiedFiles[k] = v;
        }

        world.InjectedAddresses.AddRange(vm.InjectedAddresses);
        Devices(vm, world);
        var disks = vm.Settings("Msvm_StorageAllocationSettingData").Where(d => d.String("ResourceSubType") == "Microsoft:Hyper-V:Virtual Hard Disk")
            .SelectMany(s => s.Strings("HostResource")).ToList();
        // The data disk is the one VHD that is not a differencing child of a template (the boot disk is).
        var data = disks.FirstOrDefault(d => vm.Host.Files.TryGetValue(d, out var f) && f.ParentPath is null);
        if (data is not null && vm.DiskBytes(data) is { } bytes)
        {
            var path = data;
            world.DataDiskBytes = bytes;
            world.DataDiskAllocation = delta =>
            {
                if (vm.Host.Files.TryGetValue(path, out var f))
                {
                    vm.Host.Files[path] = f with { FileSize = Math.Max(4L << 20, f.FileSize + delta) };
                }
            };
        }

        return world;
    }

    private GuestState State(TwinVm vm)
    {
        lock (states)
        {
            if (states.TryGetValue(vm.Id, out var s) && s.Boot == vm.StartedAt)
            {
                return s.State;
            }

            var state = new GuestState { TimeSyncPushesSeen = TimeSyncPushes(vm) };
            states[vm.Id] = (vm.StartedAt, state);
            return state;
        }
    }

    /// <summary>ModifyResourceSettings calls that enabled this VM's TimeSync component (the backend's SyncNow turns it off and on).</summary>
    private static int TimeSyncPushes(TwinVm vm) => vm.Host.Invocations("ModifyResourceSettings")
        .SelectMany(c => c.Arguments.Where(a => a.Name == "ResourceSettings").SelectMany(a => a.Value.Texts))
        .Count(t => t.Contains("Msvm_TimeSyncComponentSettingData", StringComparison.Ordinal) && t.Contains(vm.Id, StringComparison.OrdinalIgnoreCase)
            && CimXml.Read(t).Number("EnabledState") == 2);

    private static void Devices(TwinVm vm, GuestWorld w)
    {
        // Fixed instance GUIDs: Hyper-V gives every VM the same ones (lsvmbus-vv/azure-*.txt, devinfo-rv/freebsd-13.0-*.txt).
        w.Vmbus.Add(new("525074dc-8985-46e2-8057-a307dc18a502", "1eccfd72-4b41-45ef-b73a-4a6e44c12924"));
        w.Vmbus.Add(new("cfa8b69e-5b4a-4cc0-b98b-8ba1a1f3f95a", "58f75a6d-d949-4320-99e1-a2a2576d581c"));
        w.Vmbus.Add(new("f912ad6d-2b17-48ea-bd65-f927a61c7684", "d34b2567-b9b6-42b9-8778-0a4ec0b955bf"));
        w.Vmbus.Add(new("da0a7802-e377-4aac-8e77-0558eb1073f8", "5620e0c7-8062-4dce-aeb7-520c7ef76171"));
        if (vm.Generation == 1)
        {
            w.Vmbus.Add(new("32412632-86cb-44a2-9b5c-50d1417354f5", "00000000-0000-8899-0000-000000000000"));
        }

        void Ic(string setting, string classId, string instance)
        {
            if (vm.Enabled(setting))
            {
                w.Vmbus.Add(new(classId, instance));
            }
        }

        Ic("Msvm_HeartbeatComponentSettingData", "57164f39-9115-4e78-ab55-382f3bd5422d", "fd149e91-82e0-4a7d-afa6-2a4166cbd7c0");
        Ic("Msvm_KvpExchangeComponentSettingData", "a9a0f4e7-5a45-4d96-b827-8a841e8c03e6", "242ff919-07db-4180-9c2e-b86cb68c8c55");
        Ic("Msvm_ShutdownComponentSettingData", "0e0b6031-5213-4934-818b-38d90ced39db", "b6650ff7-33bc-4840-8048-e0676786f393");
        Ic("Msvm_TimeSyncComponentSettingData", "9527e630-d0ae-497b-adce-e80ab0175caf", "2dd1ce17-079e-403c-b352-a1921ee207ee");
        Ic("Msvm_VssComponentSettingData", "35fa2e29-ea23-4236-96ae-3a6ebacba440", "2450ee40-33bf-4fbd-892e-9fb06e9214cf");
        if (vm.Enabled("Msvm_GuestServiceInterfaceComponentSettingData") && !vm.Host.Options.NoGuestServices)
        {
            w.Vmbus.Add(new("34d14be3-dee4-41c8-9ae7-6b174977c192", "eb765408-105f-49b6-b4aa-c123b64d17d4"));
        }

        foreach (var scsi in vm.Settings("Msvm_ResourceAllocationSettingData").Where(r => r.String("ResourceSubType") == "Microsoft:Hyper-V:Synthetic SCSI Controller"))
        {
            w.Vmbus.Add(new("ba6163d9-04a1-4d29-b605-72e2ffb1dc7f", Instance(vm, scsi)));
        }

        // A VF is active on a NIC when the offload data of its connection (InstanceID below the NIC's) says so (TwinVm).
        var vfData = vm.RuntimeInstances(w.Now).Where(i => i.ClassName == "Msvm_EthernetSwitchPortOffloadData" && i.Bool("IovVfDataPathActive"))
            .Select(i => i.String("InstanceID") ?? "").ToList();
        foreach (var port in vm.Settings("Msvm_SyntheticEthernetPortSettingData"))
        {
            var id = Instance(vm, port);
            var mac = Mac(port.String("Address"), id);
            w.Vmbus.Add(new("f8615163-df3e-46c5-913f-f2d2f965ed0e", id));
            w.Nics.Add(new(id, mac));
            if (vfData.Any(d => d.StartsWith(port.String("InstanceID") + "\\", StringComparison.OrdinalIgnoreCase)))
            {
                w.VirtualFunctions.Add(mac);
            }
        }

        foreach (var fc in vm.Settings("Msvm_SyntheticFcPortSettingData"))
        {
            w.Vmbus.Add(new("2f9bcc4a-0069-4af3-b76b-6fd0be528cda", Instance(vm, fc)));
            w.FcPorts.Add((fc.String("VirtualPortWWNN") ?? "", fc.String("VirtualPortWWPN") ?? ""));
        }

        var assigned = vm.AssignedPciDevices;
        foreach (var (pci, i) in vm.Settings("Msvm_PciExpressSettingData").Select((p, i) => (p, i)))
        {
            w.Vmbus.Add(new("44c4f61d-4444-4400-9d52-802e27ede19f", Instance(vm, pci)));
            if (i < assigned.Count && VenDev().Match(assigned[i].InstancePath) is { Success: true } ids)
            {
                w.PassedThrough.Add((Instance(vm, pci), $"{ids.Groups[1].Value}:{ids.Groups[2].Value}".ToLowerInvariant()));
            }
        }

        // Access ports carry their AccessVlanId untagged; trunk ports (OperationMode 2) carry the tagged ids of TrunkVlanIdArray.
        // TwinOptions.VlanMismatch: the settings are stored as asked, but the ports do not carry them (see the option).
        foreach (var vlan in vm.Host.Options.VlanMismatch ? [] : vm.Settings("Msvm_EthernetSwitchPortVlanSettingData"))
        {
            if (vlan.Number("OperationMode") == 2)
            {
                w.TrunkVlans.UnionWith(vlan.Strings("TrunkVlanIdArray").Select(int.Parse));
            }
            else if (vlan.Number("AccessVlanId") is { } id and > 0)
            {
                w.Vlans.Add((int)id);
            }
        }
    }

    /// <summary>The device GUID of a setting's InstanceID (Microsoft:&lt;VM&gt;\&lt;device GUID&gt;[\…]), the VMBus channel instance.</summary>
    private static string Instance(TwinVm vm, CimInstanceData setting)
    {
        var rest = (setting.String("InstanceID") ?? "")[Math.Min(vm.Prefix.Length + 1, (setting.String("InstanceID") ?? "").Length)..];
        var guid = rest.Split('\\')[0];
        return Guid.TryParse(guid, out var g) ? g.ToString("D") : Guid.NewGuid().ToString("D");
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"VEN_([0-9A-Fa-f]{4})&DEV_([0-9A-Fa-f]{4})")]
    private static partial System.Text.RegularExpressions.Regex VenDev();

    /// <summary>A static MAC as the host set it (12 hex digits), else a dynamic one from Hyper-V's 00:15:5D range.</summary>
    private static string Mac(string? address, string instance)
    {
        var hex = string.IsNullOrEmpty(address) ? "00155D" + instance.Replace("-", "", StringComparison.Ordinal)[..6] : address.Replace(":", "", StringComparison.Ordinal).Replace("-", "", StringComparison.Ordinal);
        return string.Join(':', Enumerable.Range(0, 6).Select(i => hex.Substring(i * 2, 2))).ToLowerInvariant();
    }
}
