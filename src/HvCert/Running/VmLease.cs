using HvCert.Hosts;
using HvCert.Transport;

namespace HvCert.Running;

/// <summary>A booted VM held by one group: its evidence key, live connection and whether it can go back to its clean snapshot.</summary>
internal sealed class VmLease(string key, IVm vm, IGuestTransport guest, bool canRevert)
{
    public string Key => key;

    public IVm Vm => vm;

    public IGuestTransport Guest { get; set; } = guest;

    public bool CanRevert { get; set; } = canRevert;

    /// <summary>A probe ran since boot or the last revert, so the VM is no longer in its clean state.</summary>
    public bool Used { get; set; }

    /// <summary>An isolated probe ran: the VM may be shut down, panicked or resized, and must not be reused as is.</summary>
    public bool Spoiled { get; set; }
}
