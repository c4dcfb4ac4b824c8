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

    /// <summary>Win32_OperatingSystem.ProductType: 3 server (default), 2 domain controller, 1 work station (Windows 10/11 share server builds).</summary>
    public uint ProductType { get; set; } = 3;

    /// <summary>How long every Msvm_ConcreteJob stays Running (JobState 4) before it completes.</summary>
    public TimeSpan JobDuration { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>From RequestStateChange(2) until the guest's daemons answer (KVP address, heartbeat OK).</summary>
    public TimeSpan BootTime { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>From enabling Guest Service Interface until Msvm_GuestServiceInterfaceComponent and Msvm_GuestFileService exist.</summary>
    public TimeSpan GuestServicesDelay { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>The address the guest reports in the KVP intrinsic item NetworkAddressIPv4 (per VM, suffix = VM count).</summary>
    public string GuestAddressPrefix { get; set; } = "192.0.2.";

    // Negative controls, Hyper-V side.

    /// <summary>
    /// The host has the Time Synchronization integration service off for every new VM (Disable-VMIntegrationService
    /// 'Time Synchronization'; Msvm_TimeSyncComponentSettingData.EnabledState 3). Hyper-V then offers the guest no timesync
    /// VMBus channel, so hv_utils / hvtimesync have nothing to bind (Microsoft's "Hyper-V integration services" reference: the
    /// service's Linux side is hv_utils). It is the host that does not offer it, so the honest cell is Not offered, never a guest
    /// failure: the backend reads the service's state back (HyperV IntegrationOffers) and declares no TimeSync device.
    /// </summary>
    public bool TimeSyncComponentOff { get; set; }

    /// <summary>
    /// The host has the Data Exchange (KVP) integration service off for every new VM (Msvm_KvpExchangeComponentSettingData
    /// EnabledState 3): no KVP VMBus channel is offered, so hv_kvp_daemon never runs its exchange and the host reads no guest
    /// items, including NetworkAddressIPv4, the only place the Hyper-V backend learns a guest's address (Get-VMNetworkAdapter's
    /// IPAddresses come from the same service). What that means is that no guest can be reached: every cell is an infrastructure
    /// Error naming KVP (the run cannot certify anything on such a host), never a verdict about the guest.
    /// </summary>
    public bool KvpComponentOff { get; set; }

    public bool NoGuestServices { get; set; }
    public bool CheckpointRefused { get; set; }
    public bool MigrationRefused { get; set; }
    public bool HeartbeatSilent { get; set; }
    public bool ShutdownIgnored { get; set; }
    public bool VssFrozen { get; set; }

    /// <summary>
    /// The host accepts the ports' VLAN settings (AddFeatureSettings completes and a read-back shows what was asked) but its
    /// switch does not apply them: both ports stay untagged, so the 802.1Q frames the guest tags for VLAN N are dropped at its
    /// port and never reach the peer. A port's effective VLAN can be governed by something other than its VLAN setting
    /// (Msvm_EthernetSwitchPortIsolationSettingData IsolationMode 3 "VLAN" with its own DefaultIsolationId, or a forwarding
    /// extension); what the guest then shows is what a real guest on an untagged port shows: its tagged pings go unanswered.
    /// The guest cannot tell this from a guest that does not tag, so the cell is Not supported (never Supported).
    /// </summary>
    public bool VlanMismatch { get; set; }

    /// <summary>
    /// An extra rule for bad-input tests: (class, method) → a problem text naming the property, or null. A non-null answer is
    /// refused like a schema violation (32773 with that text), standing for any rule the backend might break.
    /// </summary>
    public Func<string, string, string?>? ExtraRule { get; set; }

    /// <summary>The IOV switch offers no virtual function (IovVfDataPathActive stays false).</summary>
    public bool NoVirtualFunction { get; set; }
}
