using HvCert.Hosts;
using HvCert.Qemu.Lab;

namespace HvCert.Cli.Backends;

/// <summary>
/// The explicit map from backend kind to what it offers (for planning) and, later, to a factory that provisions VMs.
/// One entry per backend; the QEMU and Hyper-V engineers replace their placeholder line with their own capabilities.
/// </summary>
internal static class BackendRegistry
{
    private static readonly Dictionary<BackendKind, Func<BackendCapabilities>> Capabilities = new()
    {
        // QEMU lab: detected on this host (QEMU version and devices, OVMF, root, /dev/net/tun, vsock, vfio, 802.1Q).
        [BackendKind.Qemu] = HvCert.Qemu.Lab.QemuCapabilities.Detect,

        // Hyper-V: decided from the inventory defaults without touching WMI, so planning works on Linux too.
        [BackendKind.HyperV] = () => HvCert.HyperV.HyperVBackendFactory.Capabilities(inventoryPath: null),
    };

    public static IEnumerable<BackendKind> Kinds => Capabilities.Keys;

    /// <summary>
    /// The Hyper-V backend for `hvcert run --backend hyperv --inventory FILE`. On Linux (or when MMI cannot load) it throws
    /// InfrastructureException with the "run it on Windows with run.ps1" message (exit 3); a bad inventory throws InputException (exit 2).
    /// </summary>
    public static IHostBackend CreateHyperV(string? inventoryPath, HyperVHooks? hooks = null) =>
        HvCert.HyperV.HyperVBackendFactory.Create(inventoryPath, hooks?.Time, hooks?.Guests);

    /// <summary>
    /// What the run offers on this host. Hyper-V with --inventory: from that inventory (second host, SAN, VLAN ... as listed),
    /// still without touching WMI; without one, from the defaults.
    /// </summary>
    public static BackendCapabilities CapabilitiesOf(BackendKind kind, string? hyperVInventory) =>
        kind == BackendKind.HyperV && hyperVInventory is not null ? HvCert.HyperV.HyperVBackendFactory.Capabilities(hyperVInventory) : CapabilitiesOf(kind);

    /// <summary>
    /// For tests that put a Hyper-V twin behind the real CLI: the clock the host's jobs run on and how guests are reached.
    /// Production passes none (system clock, SSH with pinned host keys).
    /// </summary>
    public sealed record HyperVHooks(TimeProvider Time, HvCert.HyperV.GuestConnector Guests);

    public static BackendCapabilities CapabilitiesOf(BackendKind kind) =>
        Capabilities.TryGetValue(kind, out var make) ? make() : throw new ArgumentOutOfRangeException(nameof(kind), kind, "backend not registered");

    /// <summary>What a backend factory may need: how to find a lab image on disk, and the Hyper-V host inventory.</summary>
    public sealed record FactoryInputs(Func<string, CancellationToken, Task<string>> ResolveLabImage, string? HyperVInventory,
        HvCert.Qemu.Accel.AcceleratorRequest Accelerator = HvCert.Qemu.Accel.AcceleratorRequest.Auto, HyperVHooks? HyperV = null);

    private static readonly Dictionary<BackendKind, Func<FactoryInputs, CancellationToken, Task<IHostBackend>>> Factories = new()
    {
        [BackendKind.Qemu] = async (inputs, ct) => await QemuBackend.CreateAsync((name, c) => inputs.ResolveLabImage(name, c), ct, accelerator: inputs.Accelerator),
        [BackendKind.HyperV] = (inputs, _) => Task.FromResult(CreateHyperV(inputs.HyperVInventory, inputs.HyperV)),
    };

    /// <summary>A live backend for `hvcert run`. Throws <see cref="InfrastructureException"/> when this machine cannot host it.</summary>
    public static Task<IHostBackend> CreateAsync(BackendKind kind, FactoryInputs inputs, CancellationToken cancellationToken) =>
        Factories.TryGetValue(kind, out var create) ? create(inputs, cancellationToken)
            : throw new ArgumentOutOfRangeException(nameof(kind), kind, "backend not registered");
}
