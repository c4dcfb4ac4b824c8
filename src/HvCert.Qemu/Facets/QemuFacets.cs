using HvCert.Catalog;
using HvCert.Hosts.Facets;
using HvCert.Qemu.Lab;

namespace HvCert.Qemu.Facets;

/// <summary>The facets of one VM: an explicit list, filtered by what the backend offers on this host.</summary>
internal static class QemuFacets
{
    public static IReadOnlyDictionary<Type, object> For(QemuVm vm)
    {
        var caps = QemuCapabilities.From(vm.Lab.Host);
        var all = new List<(Facet Facet, Type Type, object Impl)>
        {
            (Facet.Shutdown, typeof(IShutdownFacet), new QemuShutdownFacet(vm)),
            (Facet.Heartbeat, typeof(IHeartbeatFacet), new QemuHeartbeatFacet(vm)),
            (Facet.TimeSync, typeof(ITimeSyncFacet), new QemuTimeSyncFacet(vm)),
            (Facet.CpuHotAdd, typeof(ICpuHotAddFacet), new QemuCpuHotAddFacet(vm)),
            (Facet.Nmi, typeof(INmiFacet), new QemuNmiFacet(vm)),
            (Facet.LiveMigration, typeof(ILiveMigrationFacet), new QemuLiveMigrationFacet(vm)),
            (Facet.MemoryHotAdd, typeof(IMemoryHotAddFacet), new QemuMemoryHotAddFacet(vm)),
            (Facet.Balloon, typeof(IBalloonFacet), new QemuBalloonFacet(vm)),
            (Facet.RuntimeMemoryResize, typeof(IRuntimeMemoryResizeFacet), new QemuRuntimeMemoryResizeFacet(vm)),
            (Facet.DiskResize, typeof(IDiskResizeFacet), new QemuDiskResizeFacet(vm)),
            (Facet.DiskAllocation, typeof(IDiskAllocationFacet), new QemuDiskAllocationFacet(vm)),
            (Facet.Backup, typeof(IBackupFacet), new QemuBackupFacet(vm)),
            (Facet.FileCopy, typeof(IFileCopyFacet), new QemuFileCopyFacet(vm)),
            (Facet.Mouse, typeof(IMouseFacet), new QemuMouseFacet(vm)),
            (Facet.Video, typeof(IVideoFacet), new QemuVideoFacet(vm)),
            (Facet.DeviceBus, typeof(IDeviceBusFacet), new QemuDeviceBusFacet(vm)),
            (Facet.Uefi, typeof(IFirmwareFacet), new QemuFirmwareFacet(vm)),
            (Facet.NicOffloads, typeof(INicOffloadFacet), new QemuNicOffloadFacet(vm)),
        };
        if (vm.Network is { } net && vm.Options.PeerTap is not null)
        {
            all.Add((Facet.NetworkPeer, typeof(INetworkPeerFacet), new QemuNetworkPeerFacet(vm, net)));
            all.Add((Facet.Vlan, typeof(IVlanFacet), new QemuVlanFacet(vm, net)));
            all.Add((Facet.MultiQueueNic, typeof(IMultiQueueNicFacet), new QemuMultiQueueNicFacet(vm, net)));
        }

        return all.Where(f => caps.Has(f.Facet)).ToDictionary(f => f.Type, f => f.Impl);
    }
}
