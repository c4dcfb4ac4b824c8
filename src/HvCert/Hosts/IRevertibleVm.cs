namespace HvCert.Hosts;

/// <summary>
/// Optional capability of an <see cref="IVm"/>: save its running state and go back to it. The runner snapshots a freshly
/// booted VM once and reverts to it before each isolated (destructive) probe instead of booting a new VM.
/// After <see cref="RevertAsync"/> the runner calls <see cref="IVm.UntilSshAcceptsAsync"/> again for a fresh connection;
/// implementations should bring the guest clock back to host time as part of the revert (the guest was paused meanwhile).
/// Both methods throw <see cref="InfrastructureException"/> on failure; the runner then falls back to a fresh VM.
/// </summary>
public interface IRevertibleVm
{
    Task SnapshotAsync(string name, CancellationToken cancellationToken);

    Task RevertAsync(string name, CancellationToken cancellationToken);
}
