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

    /// <summary>The VM gets at most 3 GiB, so a 32-bit PAE kernel has no memory above 4 GiB to manage (PAE's control).</summary>
    MemoryAtMost3Gib,

    /// <summary>Guest configuration: the lsvmbus command is moved out of the PATH before the probes run (Hyper-V: cloud-init bootcmd).</summary>
    LsvmbusRemoved,

    /// <summary>Guest configuration: the hv_sock module is refused and unloaded, so no AF_VSOCK listener is reachable from the host.</summary>
    HvSocketBlocked,

    /// <summary>Guest configuration: the Hyper-V PCI bridge driver (pci-hyperv) is refused and unloaded, so an assigned device never appears.</summary>
    PassthroughBridgeBlocked,
}
