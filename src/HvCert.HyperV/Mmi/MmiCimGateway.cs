using System.Security;
using HvCert.HyperV.Cim;
using HvCert.HyperV.Inventory;
using Microsoft.Management.Infrastructure;
using Microsoft.Management.Infrastructure.Options;

namespace HvCert.HyperV.Mmi;

/// <summary>
/// <see cref="ICimGateway"/> on Microsoft.Management.Infrastructure: local DCOM, or WinRM to a remote host.
/// Constructed only by <see cref="HyperVBackendFactory"/> after <see cref="HyperVAvailability"/> passed.
/// MMI calls are synchronous; they run on the thread pool so cancellation is observed between calls.
/// </summary>
internal sealed class MmiCimGateway : ICimGateway
{
    private readonly CimSession session;

    private MmiCimGateway(CimSession session, string serverName)
    {
        this.session = session;
        ServerName = serverName;
    }

    public string ServerName { get; }

    public static MmiCimGateway Connect(HyperVHost host, Func<HostCredentials, (string Domain, string User, SecureString Password)?> resolveCredentials)
    {
        CimSessionOptions options = host.Protocol == "wsman" ? new WSManSessionOptions() : new DComSessionOptions();
        if (resolveCredentials(host.Credentials) is { } c)
        {
            options.AddDestinationCredentials(new CimCredential(PasswordAuthenticationMechanism.Default, c.Domain, c.User, c.Password));
        }

        try
        {
            var session = CimSession.Create(host.IsLocal ? null : host.Address, options);
            var server = host.IsLocal ? Environment.MachineName : host.Address;
            return new MmiCimGateway(session, server);
        }
        catch (CimException e)
        {
            throw new CimGatewayException($"cannot open a CIM session to {host.Address} over {host.Protocol}: {e.Message}", e);
        }
    }

    public Task<IReadOnlyList<CimInstanceData>> QueryAsync(string @namespace, string wql, CancellationToken cancellationToken) =>
        Run(() => (IReadOnlyList<CimInstanceData>)session.QueryInstances(@namespace, "WQL", wql).Select(MmiValues.ToData).ToList(), cancellationToken);

    public Task<CimInstanceData> GetInstanceAsync(CimRef reference, CancellationToken cancellationToken) =>
        Run(() => MmiValues.ToData(session.GetInstance(reference.Namespace, MmiValues.FromRef(reference))), cancellationToken);

    public Task<Cim.CimMethodResult> InvokeMethodAsync(CimRef target, string method, IReadOnlyList<CimArgument> arguments, CancellationToken cancellationToken) =>
        Run(() =>
        {
            var parameters = new CimMethodParametersCollection();
            foreach (var a in arguments)
            {
                parameters.Add(CimMethodParameter.Create(a.Name, MmiValues.ToObject(a.Value), MmiValues.ToCimType(a.Value), CimFlags.In));
            }

            var result = target.Keys.Count == 0
                ? session.InvokeMethod(target.Namespace, target.ClassName, method, parameters)
                : session.InvokeMethod(target.Namespace, MmiValues.FromRef(target), method, parameters);
            var outs = result.OutParameters.ToDictionary(p => p.Name, p => MmiValues.ToValue(p.CimType, p.Value), StringComparer.OrdinalIgnoreCase);
            return new Cim.CimMethodResult(Convert.ToUInt32(result.ReturnValue.Value, System.Globalization.CultureInfo.InvariantCulture), outs);
        }, cancellationToken);

    public Task<IReadOnlyList<CimInstanceData>> AssociatorsAsync(CimRef source, string associationClass, string? resultClass, CancellationToken cancellationToken) =>
        Run(() => (IReadOnlyList<CimInstanceData>)session.EnumerateAssociatedInstances(source.Namespace, MmiValues.FromRef(source), associationClass, resultClass, null, null)
            .Select(MmiValues.ToData).ToList(), cancellationToken);

    public Task ModifyInstanceAsync(CimInstanceData instance, CancellationToken cancellationToken) =>
        Run(() => session.ModifyInstance(instance.Namespace, MmiValues.FromData(instance)), cancellationToken);

    public ValueTask DisposeAsync()
    {
        session.Dispose();
        return ValueTask.CompletedTask;
    }

    private static Task<T> Run<T>(Func<T> call, CancellationToken cancellationToken) =>
        Task.Run(() =>
        {
            cancellationToken.ThrowIfCancellationRequested();
            try
            {
                return call();
            }
            catch (CimException e)
            {
                // Some methods throw a WMI fault instead of returning a code (hyperv-wmi.md §1.5): keep the text.
                throw new CimGatewayException($"WMI error {e.NativeErrorCode}: {e.Message}", e);
            }
        }, cancellationToken);
}
