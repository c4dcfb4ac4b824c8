namespace HvCert.Tests.HyperV.Twin;

/// <summary>
/// How one twin host behaves. The defaults are a healthy 2022 host with a cooperative Linux guest; each negative switch
/// makes the host (or the guest as the host sees it) refuse or lack one thing, so a test can show the cell it flips.
/// Options are read at each call, so a test may change them between steps.
/// </summary>
public sealed class TwinOptions
{
    /// <summary>Windows build (BuildNumber of Win32_OperatingSystem): 17763 = 2019, 20348 = 2022, 26100 = 2025.</summary>
    public string Build { get; set; } = "20348";

    /// <summary>How long every Msvm_ConcreteJob stays Running (JobState 4) before it completes.</summary>
    public TimeSpan JobDuration { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>From RequestStateChange(2) until the guest's daemons answer (KVP address, heartbeat OK).</summary>
    public TimeSpan BootTime { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>From enabling Guest Service Interface until Msvm_GuestServiceInterfaceComponent and Msvm_GuestFileService exist.</summary>
    public TimeSpan GuestServicesDelay { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>The address the guest reports in the KVP intrinsic item NetworkAddressIPv4 (per VM, suffix = VM count).</summary>
    public string GuestAddressPrefix { get; set; } = "192.0.2.";

    // Negative controls, Hyper-V side.
    public bool TimeSyncComponentOff { get; set; }
    public bool KvpComponentOff { get; set; }
    public bool NoGuestServices { get; set; }
    public bool CheckpointRefused { get; set; }
    public bool MigrationRefused { get; set; }
    public bool HeartbeatSilent { get; set; }
    public bool ShutdownIgnored { get; set; }
    public bool VssFrozen { get; set; }

    /// <summary>The switch drops the guest's tagged frames: the VLAN the peer sits on differs from the one configured.</summary>
    public bool VlanMismatch { get; set; }

    /// <summary>
    /// An extra rule for bad-input tests: (class, method) → a problem text naming the property, or null. A non-null answer is
    /// refused like a schema violation (32773 with that text), standing for any rule the backend might break.
    /// </summary>
    public Func<string, string, string?>? ExtraRule { get; set; }

    /// <summary>The IOV switch offers no virtual function (IovVfDataPathActive stays false).</summary>
    public bool NoVirtualFunction { get; set; }
}
