using HvCert.Transport;

namespace HvCert.Hosts;

/// <summary>Extension point: a hypervisor that can run certification VMs (Hyper-V over WMI/CIM, or the QEMU lab).</summary>
public interface IHostBackend : IAsyncDisposable
{
    BackendKind Kind { get; }

    BackendCapabilities Capabilities { get; }

    Task<HostFacts> DescribeHostAsync(CancellationToken cancellationToken);

    /// <summary>Creates and starts a VM. Throws <see cref="InfrastructureException"/> when it cannot.</summary>
    Task<IVm> ProvisionAsync(VmSpec spec, CancellationToken cancellationToken);

    /// <summary>Removes VMs, disks, processes and files left by dead runs (all, or one run id). Returns how many were removed.</summary>
    Task<int> ReapAsync(string? runId, CancellationToken cancellationToken);
}

/// <summary>A live VM. Disposing it destroys the VM and everything provisioned for it.</summary>
public interface IVm : IAsyncDisposable
{
    string Name { get; }

    VmSpec Spec { get; }

    /// <summary>Devices the host offered to this guest, so probes know which driver must bind.</summary>
    IReadOnlyList<OfferedDevice> OfferedDevices { get; }

    /// <summary>Values the backend configured that probes compare against, e.g. <c>disk.wwn</c>, <c>nic.queues</c>, <c>mmio.low_gap_mb</c>.</summary>
    IReadOnlyDictionary<string, string> Settings { get; }

    /// <summary>Waits until the guest accepts SSH with its pinned host key, and returns the one connection kept for this VM.</summary>
    Task<IGuestTransport> UntilSshAcceptsAsync(TimeSpan deadline, CancellationToken cancellationToken);

    /// <summary>The host-side facet of type <typeparamref name="T"/>, or null when this VM's backend lacks it.</summary>
    T? Facet<T>() where T : class;

    /// <summary>The serial console log so far (evidence for boot failures).</summary>
    string SerialLog();

    /// <summary>Which host the VM was created on, as that host reported itself; null for a backend with one host (the lab).</summary>
    HostPlacement? Placement => null;
}

/// <summary>The host, VM or connection failed: reported as Error, retried once, never "not supported".</summary>
public sealed class InfrastructureException(string message, Exception? inner = null) : Exception(message, inner);
