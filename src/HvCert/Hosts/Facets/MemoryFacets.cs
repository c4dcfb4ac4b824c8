namespace HvCert.Hosts.Facets;

/// <summary>Hot-adds memory to the running VM (pc-dimm, Hyper-V dynamic memory). Observations: <c>added_mb</c>.</summary>
public interface IMemoryHotAddFacet
{
    Task<HostActionResult> HotAddAsync(int megabytes, CancellationToken cancellationToken);
}

/// <summary>Reclaims guest memory through the balloon. Observations: <c>target_mb</c>, <c>actual_mb</c>.</summary>
public interface IBalloonFacet
{
    Task<HostActionResult> SetTargetAsync(int megabytes, CancellationToken cancellationToken);

    /// <summary>
    /// Reclaims <paramref name="megabytes"/> from what the VM has at this moment, as the host reads it now (QEMU: the balloon's
    /// actual size, hot-added DIMMs included; Hyper-V: the startup memory), never from the boot-time size, which a hot-add
    /// earlier on the same VM made stale. Observations: <c>before_mb</c>, <c>target_mb</c>, <c>actual_mb</c>.
    /// </summary>
    Task<HostActionResult> ReclaimAsync(int megabytes, CancellationToken cancellationToken);
}

/// <summary>Sets assigned memory on a running VM (virtio-mem, Hyper-V runtime resize). Observations: <c>requested_mb</c>, <c>size_mb</c>.</summary>
public interface IRuntimeMemoryResizeFacet
{
    Task<HostActionResult> ResizeAsync(int megabytes, CancellationToken cancellationToken);
}
