using static HvCert.Catalog.Facet;
using static HvCert.Catalog.FeatureGroup;
using static HvCert.Catalog.HostVersion;

namespace HvCert.Catalog;

/// <summary>
/// The 35 rows of "Feature Descriptions for Linux and FreeBSD virtual machines on Hyper-V", in page order.
/// Minimum hosts follow Microsoft's per-distro tables (learn.microsoft.com, "Supported ... virtual machines on Hyper-V").
/// </summary>
public static class FeatureCatalog
{
    private static readonly Generation[] Both = [Generation.Gen1, Generation.Gen2];
    private static readonly Generation[] Gen2Only = [Generation.Gen2];
    private static readonly OsFamily[] AllOs = [OsFamily.Linux, OsFamily.FreeBsd];
    private static readonly OsFamily[] LinuxOnly = [OsFamily.Linux];

    public static IReadOnlyList<Feature> All { get; } =
    [
        F("core.shutdown", Core, "Integrated shutdown", [], Ws2008R2, destructive: true, facets: [Shutdown]) with { EndsVm = true },
        F("core.time-sync", Core, "Time synchronization", ["Time sync"], Ws2008R2, facets: [TimeSync]),
        F("core.accurate-time", Core, "Windows Server 2016 Accurate Time", ["Accurate Time", "Windows Server 2016 accurate time"], Ws2016, facets: [TimeSync, HostTimeReference]),
        F("core.multiprocessing", Core, "Multiprocessing support", ["Multiprocessing"], Ws2008R2) with { HotPlugsDevices = true },
        F("core.heartbeat", Core, "Heartbeat", [], Ws2008R2, facets: [Heartbeat]),
        F("core.mouse", Core, "Integrated mouse support", ["Integrated mouse"], Ws2008R2, facets: [Mouse]),
        F("core.storage-device", Core, "Hyper-V specific Storage device", ["Hyper-V-specific Storage device", "Hyper-V specific storage device", "Hyper-V-specific storage device"], Ws2008R2, facets: [DeviceBus]),
        F("core.network-device", Core, "Hyper-V specific Network device", ["Hyper-V-specific Network device", "Hyper-V specific network device", "Hyper-V-specific network device"], Ws2008R2, facets: [DeviceBus]),

        F("net.jumbo-frames", Networking, "Jumbo frames", ["Jumbo Frames"], Ws2008R2, facets: [NetworkPeer]),
        F("net.vlan", Networking, "VLAN tagging and trunking", ["VLAN tagging and trunking", "VLAN tagging"], Ws2008R2, facets: [Vlan]),
        F("net.live-migration", Networking, "Live Migration", ["Live migration"], Ws2012, destructive: true, facets: [LiveMigration]) with { NeedsOriginalDevices = true },
        F("net.static-ip", Networking, "Static IP Injection", ["Static IP injection"], Ws2012, facets: [StaticIpInjection]),
        F("net.vrss", Networking, "vRSS (Virtual Receive Side Scaling)", ["vRSS", "Virtual Receive Side Scaling"], Ws2012R2, facets: [MultiQueueNic]),
        F("net.tso-checksum", Networking, "TCP Segmentation and Checksum Offloads", ["TCP Segmentation and Checksum Offload", "TCP segmentation and checksum offloads"], Ws2012R2, facets: [NicOffloads]),
        F("net.lro", Networking, "Large Receive Offload (LRO)", ["LRO", "Large Receive Offload"], Ws2019, facets: [NicOffloads]),
        F("net.sriov", Networking, "SR-IOV", ["SR-IOV support", "SRIOV"], Ws2016, facets: [SrIov]),

        F("storage.vhdx-resize", Storage, "VHDX resize", ["VHDX Resize", "Online VHDX resize"], Ws2012R2, destructive: true, facets: [DiskResize]),
        F("storage.fibre-channel", Storage, "Virtual Fibre Channel", ["Virtual Fiber Channel"], Ws2012R2, facets: [FibreChannel]),
        F("storage.live-backup", Storage, "Live virtual machine backup", ["Live Virtual Machine Backup", "Live VM backup"], Ws2012R2, facets: [Backup]),
        F("storage.trim", Storage, "TRIM support", ["TRIM Support", "TRIM"], Ws2012R2, facets: [DiskAllocation]),
        F("storage.scsi-wwn", Storage, "SCSI WWN", ["SCSI World Wide Name"], Ws2012R2, facets: [ScsiWwn]),

        F("memory.pae", Memory, "PAE Kernel Support", ["PAE kernel support", "PAE"], Ws2008R2, os: LinuxOnly, facets: [Pae]),
        F("memory.mmio-gap", Memory, "Configuration of MMIO gap", ["Configuration of MMIO Gap", "MMIO gap"], Ws2012R2, facets: [MmioGap]),
        F("memory.hot-add", Memory, "Dynamic Memory - Hot-Add", ["Dynamic Memory Hot-Add", "Dynamic Memory - Hot Add", "Dynamic memory - hot-add"], Ws2012, destructive: true, facets: [MemoryHotAdd]) with { HotPlugsDevices = true },
        F("memory.ballooning", Memory, "Dynamic Memory - Ballooning", ["Dynamic Memory Ballooning", "Dynamic memory - ballooning"], Ws2012, destructive: true, facets: [Balloon]),
        F("memory.runtime-resize", Memory, "Runtime Memory Resize", ["Runtime memory resize"], Ws2016, destructive: true, facets: [RuntimeMemoryResize]),

        F("video.synthetic", FeatureGroup.Video, "Hyper-V-specific video device", ["Hyper-V specific video device", "Hyper-V specific Video device", "Synthetic video"], Ws2008R2, os: LinuxOnly, facets: [Facet.Video]),

        F("misc.kvp", Miscellaneous, "KVP (Key-Value pair) exchange", ["Key/value pair", "Key-Value Pair", "Key-Value pair", "KVP", "Key-Value Pair Exchange"], Ws2008R2, facets: [KeyValueExchange]),
        F("misc.nmi", Miscellaneous, "Non-Maskable Interrupt", ["NMI", "Non-maskable interrupt"], Ws2012R2, destructive: true, facets: [Nmi]),
        F("misc.file-copy", Miscellaneous, "File copy from host to guest", ["File Copy from host to guest", "Guest services file copy"], Ws2012R2, facets: [FileCopy]),
        F("misc.lsvmbus", Miscellaneous, "lsvmbus command", ["lsvmbus", "lsvmbus Command"], Ws2012R2, facets: [DeviceBus, VmBus]),
        F("misc.hv-sockets", Miscellaneous, "Hyper-V Sockets", ["Hyper-V sockets", "hv_sock"], Ws2016, facets: [HostSockets]),
        F("misc.pci-passthrough", Miscellaneous, "PCI Passthrough/DDA", ["PCI Passthrough", "PCI passthrough/DDA", "Discrete Device Assignment"], Ws2016, destructive: true, facets: [PciPassthrough]), // DDA assigns only to a VM that is off, and an assigned device blocks checkpoints

        F("gen2.uefi", Generation2, "Boot using UEFI", ["UEFI boot", "Boot using UEFI firmware"], Ws2012R2, gens: Gen2Only, facets: [Uefi]),
        F("gen2.secure-boot", Generation2, "Secure boot", ["Secure Boot"], Ws2012R2, gens: Gen2Only, facets: [Facet.SecureBoot]),
    ];

    private static readonly Dictionary<string, Feature> ById = All.ToDictionary(f => f.Id, StringComparer.Ordinal);

    public static bool TryGet(string id, out Feature feature) => ById.TryGetValue(id, out feature!);

    public static Feature Get(string id) =>
        ById.TryGetValue(id, out var f) ? f : throw new KeyNotFoundException($"Unknown feature id '{id}'.");

    /// <summary>Finds the catalog row for a feature name as printed on any of Microsoft's pages.</summary>
    public static Feature? FindByName(string rowName) => All.FirstOrDefault(f => f.IsNamed(rowName));

    private static Feature F(
        string id, FeatureGroup group, string name, string[] aliases, HostVersion minHost,
        bool destructive = false, Generation[]? gens = null, OsFamily[]? os = null, Facet[]? facets = null) =>
        new(id, group, name, aliases, minHost, gens ?? Both, os ?? AllOs, destructive, facets ?? []);
}
