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

    /// <summary>A secondary NIC has no guest driver bound (the lab unbinds it inside the guest); SSH stays on another NIC.</summary>
    NicDriverBlocked,

    /// <summary>The data-disk controller has no guest driver bound (the lab unbinds it and refuses the module); the boot disk stays on another controller.</summary>
    StorageDriverBlocked,

    /// <summary>SR-IOV is switched off for the VM's NIC (Hyper-V: IovWeight 0), so no virtual function is offered.</summary>
    SrIovDisabled,

    /// <summary>A generation 2 VM started on BIOS firmware instead of UEFI (the lab only; Hyper-V cannot).</summary>
    BiosFirmware,
}
