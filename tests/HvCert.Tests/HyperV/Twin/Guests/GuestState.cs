namespace HvCert.Tests.HyperV.Twin.Guests;

/// <summary>
/// What a scripted guest changed about itself since it booted: its clock, its NICs' MTU and addresses, a mounted test file
/// system, an input capture. The twin's guest side keeps one per VM and boot (a reboot starts a fresh one), so a later command
/// sees what an earlier one did, as on a real guest.
/// </summary>
internal sealed class GuestState
{
    public string BootId { get; init; } = Guid.NewGuid().ToString("D");

    /// <summary>Guest clock minus host clock, seconds (the skew step sets it back; a host time push resets it).</summary>
    public double ClockOffset { get; set; }

    /// <summary>TimeSync pushes already applied to <see cref="ClockOffset"/>.</summary>
    public int TimeSyncPushesSeen { get; set; }

    public bool TimeDaemonsStopped { get; set; }

    /// <summary>Per NIC MAC: MTU and IPv4 addresses (a.b.c.d/len) the guest configured.</summary>
    public Dictionary<string, (int Mtu, List<string> Addresses)> Links { get; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Uptimes at which the kernel logged each NMI it received.</summary>
    public List<double> NmiStamps { get; } = [];

    /// <summary>Pointer moves already read from an input capture; null when no capture runs.</summary>
    public int? CaptureFrom { get; set; }

    /// <summary>Bytes written into the test file system on the data disk (0: none mounted).</summary>
    public long TrimFill { get; set; }

    /// <summary>Packets each receive queue of the peer-link NIC counted (vRSS).</summary>
    public long[] RxQueuePackets { get; set; } = [];

    /// <summary>The memory minimum and maximum the VM booted with (Dynamic Memory model).</summary>
    public (long Min, long Max)? MemoryBaseline { get; set; }

    /// <summary>802.1Q sub-interfaces the guest created: parent NIC MAC → (name, VLAN id).</summary>
    public Dictionary<string, (string Name, int Id)> VlanLinks { get; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Host-injected addresses the guest removed again.</summary>
    public HashSet<string> RemovedInjected { get; } = [];

    public (int Mtu, List<string> Addresses) Link(string mac) =>
        Links.TryGetValue(mac, out var l) ? l : Links[mac] = (1500, []);
}
