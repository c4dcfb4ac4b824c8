using System.Security.Cryptography;

namespace HvCert.Tests.HyperV.Twin.Guests;

/// <summary>A VMBus device the host offered: class GUID and channel instance GUID (what /sys/bus/vmbus/devices shows).</summary>
internal sealed record VmbusOffer(string ClassId, string InstanceId);

/// <summary>A synthetic NIC as the host configured it: its VMBus instance and MAC (aa:bb:cc:dd:ee:ff).</summary>
internal sealed record GuestNic(string InstanceId, string Mac);

/// <summary>
/// What the twin's host did to one VM, as its guest feels it. The host side (the twin, or a test's facet fakes) writes these;
/// the scripted guest reads them when it answers, so a resize shows the new size, a KVP add shows the item, a memory change
/// moves MemTotal, an NMI shows up in the kernel log. A guest never learns anything the host did not do.
/// What the guest itself changed since boot (clock skew, addresses, MTU, a mounted file system) is in <see cref="State"/>.
/// </summary>
internal sealed class GuestWorld
{
    public string Name { get; set; } = "hvcert-guest";

    public int Generation { get; set; } = 2;

    public bool SecureBoot { get; set; }

    public int Cpus { get; set; } = 2;

    /// <summary>Memory the guest has now (the Dynamic Memory model of <see cref="TwinGuests"/>), MB.</summary>
    public long MemoryMb { get; set; } = 1024;

    /// <summary>Memory the VM started with (startup), MB.</summary>
    public long StartupMb { get; set; } = 1024;

    public long DataDiskBytes { get; set; } = 1L << 30;

    /// <summary>The host-side allocation of the data disk image grows (+) or shrinks (−) by what the guest writes or trims.</summary>
    public Action<long> DataDiskAllocation { get; set; } = _ => { };

    /// <summary>Items the host added to the guest's external KVP pool (pool 0).</summary>
    public Dictionary<string, string> HostKvpItems { get; } = new(StringComparer.Ordinal);

    /// <summary>Files the host copied in over Guest Services: guest path → bytes.</summary>
    public Dictionary<string, byte[]> CopiedFiles { get; } = new(StringComparer.Ordinal);

    public int NmisInjected { get; set; }

    /// <summary>Set once the host live-migrated the VM (the guest keeps running: same boot).</summary>
    public int Migrations { get; set; }

    public List<string> InjectedAddresses { get; } = [];

    /// <summary>VMBus devices the host offered (integration components it enabled, NICs, controllers, HBAs).</summary>
    public List<VmbusOffer> Vmbus { get; } = [];

    public List<GuestNic> Nics { get; } = [];

    /// <summary>MACs of the synthetic NICs the host paired with an active SR-IOV virtual function.</summary>
    public HashSet<string> VirtualFunctions { get; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Host PCI devices assigned to the VM (DDA): the VMBus instance of their pass-through channel and vendor:device.</summary>
    public List<(string InstanceId, string VendorDevice)> PassedThrough { get; } = [];

    /// <summary>Virtual HBAs: (WWNN, WWPN) as the host assigned them (16 hex digits).</summary>
    public List<(string Wwnn, string Wwpn)> FcPorts { get; } = [];

    public (int Width, int Height) Display { get; set; } = (1024, 768);

    /// <summary>Pointer moves the host made so far.</summary>
    public int PointerMoves { get; set; }

    /// <summary>How many times the host has (re)enabled the TimeSync component since boot: each pushes the host's clock.</summary>
    public int TimeSyncPushes { get; set; }

    /// <summary>Application-consistent backups (checkpoints with VSS) the host took since boot.</summary>
    public int Backups { get; set; }

    public DateTimeOffset Now { get; set; } = DateTimeOffset.UnixEpoch;

    public DateTimeOffset BootedAt { get; set; } = DateTimeOffset.UnixEpoch;

    public double Uptime => Math.Max(0, (Now - BootedAt).TotalSeconds) + 4.2;

    /// <summary>The guest's own changes since boot (kept across commands and reconnects).</summary>
    public GuestState State { get; set; } = new();

    /// <summary>All VMs' guests in the lab, for the network between them (peer pings).</summary>
    public Func<IEnumerable<GuestWorld>> Neighbours { get; set; } = () => [];

    /// <summary>Access VLAN ids the host set on this VM's switch ports (empty: untagged).</summary>
    public HashSet<int> Vlans { get; } = [];

    /// <summary>VLAN ids this VM's trunk ports carry tagged.</summary>
    public HashSet<int> TrunkVlans { get; } = [];

    /// <summary>The address DHCP gave the first NIC (what the host's KVP reports as NetworkAddressIPv4).</summary>
    public string Address { get; set; } = "192.0.2.10";

    public bool Has(string classId) => Vmbus.Any(v => v.ClassId == classId);

    public string? CopiedSha256(string path) =>
        CopiedFiles.TryGetValue(path, out var bytes) ? Convert.ToHexStringLower(SHA256.HashData(bytes)) : null;
}
