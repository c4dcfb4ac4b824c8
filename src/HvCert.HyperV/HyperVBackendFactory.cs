using System.Runtime.CompilerServices;
using HvCert.Hosts;
using HvCert.HyperV.Inventory;
using HvCert.Transport;
using HvCert.Transport.Ssh;

namespace HvCert.HyperV;

/// <summary>
/// How the CLI gets the Hyper-V backend. <see cref="Capabilities"/> never touches WMI (for <c>hvcert plan</c> anywhere);
/// <see cref="Create"/> runs the availability guard first, so on Linux it throws <see cref="InfrastructureException"/> with
/// the "run it on Windows" message and never a DllNotFoundException.
/// </summary>
public static class HyperVBackendFactory
{
    /// <exception cref="HvCert.Validation.InputException">The inventory file is wrong (exit code 2).</exception>
    public static BackendCapabilities Capabilities(string? inventoryPath) =>
        HyperVCapabilities.From(inventoryPath is null ? HyperVInventory.Default : Load(inventoryPath));

    public static IHostBackend Create(string? inventoryPath, TimeProvider? time = null, GuestConnector? connector = null)
    {
        HyperVAvailability.EnsureAvailable();
        var inventory = inventoryPath is null
            ? throw new InfrastructureException("the Hyper-V backend needs --inventory <file> (see matrices/hyperv-inventory.example.yaml)")
            : Load(inventoryPath);
        return CreateGuarded(inventory, time ?? TimeProvider.System, connector ?? SshConnect);
    }

    /// <summary>For tests and for hosts reached through another gateway: no guard, no MMI.</summary>
    internal static IHostBackend CreateWith(HyperVInventory inventory, Func<HyperVHost, Cim.ICimGateway> connect, GuestConnector connector, TimeProvider time) =>
        new HyperVBackend(inventory, connect, connector, time, TimeSpan.FromMilliseconds(500));

    private static HyperVInventory Load(string path)
    {
        try
        {
            return InventoryLoader.Load(path);
        }
        catch (InventoryException e)
        {
            throw e.ToInputException();
        }
    }

    private static async Task<IGuestTransport> SshConnect(SshEndpoint endpoint, TimeSpan deadline, CancellationToken ct) =>
        await SshGuestTransport.UntilSshAcceptsAsync(endpoint, deadline, ct);

    // Only reached after the guard: the MMI types live behind this call.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static IHostBackend CreateGuarded(HyperVInventory inventory, TimeProvider time, GuestConnector connector) =>
        new HyperVBackend(inventory, host => Mmi.MmiCimGateway.Connect(host, Mmi.WindowsCredentials.Resolve), connector, time, TimeSpan.FromMilliseconds(500));
}
