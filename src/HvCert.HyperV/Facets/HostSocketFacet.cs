using System.Globalization;
using HvCert.Hosts;
using HvCert.Hosts.Facets;
using HvCert.HyperV.Cim;
using static HvCert.HyperV.Facets.FacetAction;

namespace HvCert.HyperV.Facets;

/// <summary>Connects to a guest AF_VSOCK listener over AF_HYPERV and returns what it echoed.</summary>
internal delegate Task<string> HvSocketConnector(Guid vmId, Guid serviceId, string payload, CancellationToken cancellationToken);

/// <summary>
/// Hyper-V sockets (hyperv-wmi.md §2, hv_sockets row): registers the service GUID for the guest's vsock port under
/// HKLM\...\Virtualization\GuestCommunicationServices through StdRegProv (works locally and over WinRM), then connects
/// from the host with AF_HYPERV (VmId + ServiceId). The registration is removed again afterwards.
/// </summary>
internal sealed class HostSocketFacet(VmContext vm, HvSocketConnector connect) : IHostSocketFacet
{
    private const uint Hklm = 0x80000002;
    private const string Services = @"SOFTWARE\Microsoft\Windows NT\CurrentVersion\Virtualization\GuestCommunicationServices";

    /// <summary>Linux AF_VSOCK port N maps to the service GUID <c>NNNNNNNN-facb-11e6-bd58-64006a7986d3</c>.</summary>
    public static Guid ServiceIdFor(int port) => Guid.Parse(port.ToString("x8", CultureInfo.InvariantCulture) + "-facb-11e6-bd58-64006a7986d3");

    public Task<HostActionResult> ConnectAsync(int port, string payload, CancellationToken cancellationToken) =>
        RunAsync(vm, "HvSocketConnect", async () =>
        {
            var service = ServiceIdFor(port);
            var key = $@"{Services}\{{{service}}}";
            var registry = new CimRef(@"root\default", "StdRegProv", new Dictionary<string, string>());
            await Registry(registry, "CreateKey", cancellationToken, new CimArgument("hDefKey", CimValue.UInt32(Hklm)), new CimArgument("sSubKeyName", CimValue.Of(key)));
            await Registry(registry, "SetStringValue", cancellationToken, new CimArgument("hDefKey", CimValue.UInt32(Hklm)), new CimArgument("sSubKeyName", CimValue.Of(key)),
                new CimArgument("sValueName", CimValue.Of("ElementName")), new CimArgument("sValue", CimValue.Of($"hvcert {vm.RunId} vsock {port}")));
            try
            {
                var echo = await connect(Guid.Parse(vm.VmId), service, payload, cancellationToken);
                // The payload sent is recorded next to the echo: the judge needs both for a round trip (an echo alone proves nothing).
                return HostActionResult.Success("HvSocketConnect", ("port", Text(port)), ("service_id", service.ToString()), ("payload", payload), ("echo", echo));
            }
            finally
            {
                await Registry(registry, "DeleteKey", cancellationToken, new CimArgument("hDefKey", CimValue.UInt32(Hklm)), new CimArgument("sSubKeyName", CimValue.Of(key)));
            }
        });

    private async Task Registry(CimRef registry, string method, CancellationToken ct, params CimArgument[] args)
    {
        var result = await vm.Session.Gateway.InvokeMethodAsync(registry, method, args, ct);
        if (result.ReturnValue != 0)
        {
            throw new Jobs.HyperVException(method, Jobs.HyperVErrorKind.Failed, $"StdRegProv.{method} returned Win32 error {result.ReturnValue}");
        }
    }
}
