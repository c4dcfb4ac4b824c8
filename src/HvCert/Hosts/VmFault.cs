namespace HvCert.Hosts;

/// <summary>
/// Deliberate breakage a VM can be provisioned with, so each probe's negative control has a real setup
/// in which its judge must not say "supported". Backends honour the faults they can express and list them.
/// </summary>
public enum VmFault
{
    NoBalloonDevice,
    NoGuestAgent,
    DiscardIgnored,
    PeerMtu1500,
    SingleQueueNic,
    SecureBootOff,
    NoMemoryHotplugSlots,
    NoWwn,
    NoMouseDevice,
    NoVideoDevice,
    SingleCpu,
    OffloadsDisabled,
    GuestClockSkewed,
    NoKeyValueChannel,
    PeerVlanMismatch,
    NoMmioGapSetting,
    HeartbeatStopped,
    ShutdownIgnored,
    MigrationTargetRefuses,
    ResizeFrozen,
    BackupAgentFrozen,
    NmiWatchdogOff,

    /// <summary>The guest kernel is told not to load the synthetic NIC driver of a secondary NIC (module_blacklist=…); SSH stays on another NIC.</summary>
    NicDriverBlocked,

    /// <summary>The guest kernel is told not to load the driver of the synthetic data-disk controller (module_blacklist=…); the boot disk stays on another controller.</summary>
    StorageDriverBlocked,

    /// <summary>SR-IOV is switched off for the VM's NIC (Hyper-V: IovWeight 0), so no virtual function is offered.</summary>
    SrIovDisabled,
}
