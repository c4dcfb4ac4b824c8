namespace HvCert.Probes;

/// <summary>Whether a probe may share the booted VM of its group or needs a clean VM of its own.</summary>
public enum Isolation
{
    /// <summary>Leaves the VM usable for later probes.</summary>
    SharedVm,

    /// <summary>Shuts down, panics, migrates or resizes: runs last on the group VM, or on a fresh VM or snapshot.</summary>
    OwnVm,
}
