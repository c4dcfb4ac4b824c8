using HvCert.HyperV;
using HvCert.Transport;

namespace HvCert.Tests.HyperV.Twin.Guests;

/// <summary>
/// The guest side of a twin lab: the backend's guest transport for whichever twin VM reports the address it dials. Each answer
/// reads that VM's state as the twin host left it (memory, CPUs, data disk size, KVP items, copied files, NMIs, enabled
/// integration components), so a guest only ever shows what the host really did. FreeBSD VMs (name carries "freebsd") get
/// <see cref="FreeBsdGuest"/>, the others <see cref="LinuxGuest"/>.
/// </summary>
internal sealed class TwinGuests(TwinLab lab)
{
    public List<ScriptedGuest> Opened { get; } = [];

    public GuestConnector Connector => (endpoint, _, _) =>
    {
        var vm = lab.Hosts.SelectMany(h => h.Vms.Values).FirstOrDefault(v => v.GuestAddress == endpoint.Host && v.Running)
            ?? throw new GuestUnreachableException($"no running twin VM answers at {endpoint.Host}");
        var freeBsd = vm.Name.Contains("freebsd", StringComparison.OrdinalIgnoreCase);
        var guest = new ScriptedGuest(command =>
        {
            var current = Current(vm);
            var world = World(current);
            var offered = Offered(current);
            return freeBsd ? FreeBsdGuest.Rules(world, offered) : LinuxGuest.Rules(world, offered);
        });
        lock (Opened)
        {
            Opened.Add(guest);
        }

        return Task.FromResult<IGuestTransport>(guest);
    };

    /// <summary>After a live migration the VM object lives on the other host; follow it by id.</summary>
    private TwinVm Current(TwinVm vm) => lab.Hosts.Select(h => h.Vms.GetValueOrDefault(vm.Id)).FirstOrDefault(v => v is { Running: true }) ?? vm;

    private static GuestWorld World(TwinVm vm)
    {
        var world = new GuestWorld
        {
            Generation = vm.Generation,
            Cpus = (int)(vm.Setting("Msvm_ProcessorSettingData")?.Number("VirtualQuantity") ?? 1),
            MemoryMb = vm.Setting("Msvm_MemorySettingData")?.Number("VirtualQuantity") ?? 1024,
            NmisInjected = vm.NmisInjected,
        };
        foreach (var (k, v) in vm.HostItems)
        {
            world.HostKvpItems[k] = v;
        }

        foreach (var (k, v) in vm.CopiedFiles)
        {
            world.CopiedFiles[k] = v;
        }

        var disks = vm.Settings("Msvm_StorageAllocationSettingData")
            .SelectMany(s => s.Strings("HostResource")).Select(vm.DiskBytes).OfType<long>().ToList();
        if (disks.Count > 1)
        {
            world.DataDiskBytes = disks[^1];
        }

        return world;
    }

    /// <summary>VMBus class ids of the integration components the host has enabled on this VM (plus the always-present devices).</summary>
    private static HashSet<string> Offered(TwinVm vm)
    {
        var offered = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
        {
            "525074dc-8985-46e2-8057-a307dc18a502", // dynamic memory
            "f8615163-df3e-46c5-913f-f2d2f965ed0e", // synthetic NIC
            "ba6163d9-04a1-4d29-b605-72e2ffb1dc7f", // synthetic SCSI
            "cfa8b69e-5b4a-4cc0-b98b-8ba1a1f3f95a", // synthetic mouse
            "da0a7802-e377-4aac-8e77-0558eb1073f8", // synthetic video
            "f912ad6d-2b17-48ea-bd65-f927a61c7684", // synthetic keyboard
        };
        void Ic(string setting, string classId)
        {
            if (vm.Enabled(setting))
            {
                offered.Add(classId);
            }
        }

        Ic("Msvm_ShutdownComponentSettingData", "0e0b6031-5213-4934-818b-38d90ced39db");
        Ic("Msvm_TimeSyncComponentSettingData", "9527e630-d0ae-497b-adce-e80ab0175caf");
        Ic("Msvm_HeartbeatComponentSettingData", "57164f39-9115-4e78-ab55-382f3bd5422d");
        Ic("Msvm_KvpExchangeComponentSettingData", "a9a0f4e7-5a45-4d96-b827-8a841e8c03e6");
        Ic("Msvm_VssComponentSettingData", "35fa2e29-ea23-4236-96ae-3a6ebacba440");
        Ic("Msvm_GuestServiceInterfaceComponentSettingData", "34d14be3-dee4-41c8-9ae7-6b174977c192");
        return offered;
    }
}
