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
}
