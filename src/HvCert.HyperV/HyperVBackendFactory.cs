using System.Runtime.CompilerServices;
using HvCert.Hosts;
using HvCert.HyperV.Inventory;
using HvCert.Transport;
using HvCert.Transport.Ssh;

namespace HvCert.HyperV;

/// <summary>
/// How the CLI gets the Hyper-V backend. <see cref="Capabilities"/> never touches WMI (for <c>hvcert plan</c> anywhere).
/// With <c>protocol: ssh</c> on every host, <see cref="Create"/> drives the hosts over SSH + PowerShell (works from Linux);
/// otherwise it runs the MMI availability guard first, so on Linux it throws <see cref="InfrastructureException"/> with the
/// "run it on Windows" message and never a DllNotFoundException.
/// </summary>
public static class HyperVBackendFactory
{
    /// <exception cref="HvCert.Validation.InputException">The inventory file is wrong (exit code 2).</exception>
    public static BackendCapabilities Capabilities(string? inventoryPath) =>
        HyperVCapabilities.From(inventoryPath is null ? HyperVInventory.Default : Load(inventoryPath));

    public static IHostBackend Create(string? inventoryPath, TimeProvider? time = null, GuestConnector? connector = null)
    {
        var inventory = inventoryPath is null
            ? throw new InfrastructureException("the Hyper-V backend needs --inventory <file> (see matrices/hyperv-inventory.example.yaml)")
            : Load(inventoryPath);
        if (UsesSshOnly(inventory))
        {
            return CreateOverSsh(inventory, time ?? TimeProvider.System, connector ?? SshConnect);
        }

        HyperVAvailability.EnsureAvailable();
        return CreateGuarded(inventory, time ?? TimeProvider.System, connector ?? SshConnect);
    }

    /// <summary>Every host says protocol: ssh, so no MMI is needed: this works from Linux.</summary>
    public static bool UsesSshOnly(HyperVInventory inventory) => inventory.AllHosts.All(h => h.Protocol == "ssh");

    /// <summary>
    /// The matrix's host columns that no host of the inventory serves (see <see cref="HostColumns.ColumnHosts"/>), each at
    /// the column's file:line:column; empty when every column has its host. Nothing is contacted.
    /// </summary>
    /// <exception cref="HvCert.Validation.InputException">The inventory file is wrong (exit code 2).</exception>
    public static IReadOnlyList<HvCert.Validation.Diagnostic> CheckHostColumns(string inventoryPath, HvCert.Matrix.TestMatrix matrix) =>
        HostColumns.ColumnHosts.Check(Load(inventoryPath), matrix);

    /// <summary>
    /// The primary host is connected here, so an unreachable host, a refused key, a host-key mismatch or a host without Hyper-V
    /// stops the run before anything is planned on it (exit 3, one line).
    /// </summary>
    internal static IHostBackend CreateOverSsh(HyperVInventory inventory, TimeProvider time, GuestConnector connector)
    {
        Ssh.SshCimGateway primary;
        try
        {
            primary = Ssh.SshCimGateway.OpenAsync(inventory.Host, CancellationToken.None).GetAwaiter().GetResult();
        }
        catch (Cim.CimGatewayException e)
        {
            throw new InfrastructureException(e.Message, e);
        }

        return new HyperVBackend(inventory, host => ReferenceEquals(host, inventory.Host) ? primary : ConnectSsh(host), connector, time, TimeSpan.FromMilliseconds(500));
    }

    private static Cim.ICimGateway ConnectSsh(HyperVHost host)
    {
        try
        {
            return Ssh.SshCimGateway.OpenAsync(host, CancellationToken.None).GetAwaiter().GetResult();
        }
        catch (Cim.CimGatewayException e)
        {
            throw new InfrastructureException(e.Message, e);
        }
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
