namespace HvCert.Catalog;

/// <summary>
/// A host-side capability a probe needs. Backends list the facets they offer; the planner marks a cell
/// "Not offered by the host" when a required facet is missing. Each has a matching interface in Hosts/Facets.
/// </summary>
public enum Facet
{
    Shutdown,
    TimeSync,
    Heartbeat,
    CpuHotAdd,
    Mouse,
    Video,
    NetworkPeer,
    Vlan,
    LiveMigration,
    StaticIpInjection,
    MultiQueueNic,
    NicOffloads,
    SrIov,
    DiskResize,
    FibreChannel,
    Backup,
    DiskAllocation,
    ScsiWwn,
    Pae,
    MmioGap,
    MemoryHotAdd,
    Balloon,
    RuntimeMemoryResize,
    KeyValueExchange,
    Nmi,
    FileCopy,
    DeviceBus,
    HostSockets,
    PciPassthrough,
    Uefi,
    SecureBoot,

    /// <summary>A clock the host serves to the guest as a time reference (Hyper-V: the TimeSync IC's hyperv PTP clock).</summary>
    HostTimeReference,

    /// <summary>The host offers its devices on VMBus (Hyper-V), so the guest's lsvmbus has something of its own to list.</summary>
    VmBus,
}
