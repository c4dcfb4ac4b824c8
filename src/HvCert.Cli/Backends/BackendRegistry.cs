using HvCert.Hosts;

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
    public static IHostBackend CreateHyperV(string? inventoryPath) => HvCert.HyperV.HyperVBackendFactory.Create(inventoryPath);

    public static BackendCapabilities CapabilitiesOf(BackendKind kind) =>
        Capabilities.TryGetValue(kind, out var make) ? make() : throw new ArgumentOutOfRangeException(nameof(kind), kind, "backend not registered");
}
