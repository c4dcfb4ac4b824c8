using System.Text.Json;
using System.Text.Json.Nodes;
using HvCert.HyperV.Cim;
using HvCert.HyperV.Inventory;

namespace HvCert.HyperV.Ssh;

/// <summary>
/// <see cref="ICimGateway"/> from Linux: one pinned SSH connection per host, one long-lived PowerShell on it running the fixed
/// HostServer.ps1, every call one framed request answered through Get-CimInstance / Invoke-CimMethod / Set-CimInstance.
/// A call that hangs past ssh.timeout_seconds (or finds the session gone) closes the session and opens a fresh one once;
/// reads are then asked again, method calls and modifications are not (they may have acted) and fail as infrastructure errors.
/// </summary>
internal sealed class SshCimGateway : ICimGateway, IHostFilesProvider
{
    private readonly HostConnection connection;
    private readonly TimeSpan timeout;
    private readonly SemaphoreSlim opening = new(1, 1);
    private HostServerSession? session;

    private SshCimGateway(HostConnection connection, HostServerSession session, HyperVHost host)
    {
        this.connection = connection;
        this.session = session;
        ServerName = session.ComputerName ?? host.Address;
        timeout = host.Ssh!.CallTimeout;
        Files = new SftpHostFiles(host.Name, host.Storage, connection.SftpAsync);
    }

    public string ServerName { get; }

    public IHostFiles Files { get; }

    /// <summary>Connects, starts the host server and checks that CIM and Hyper-V answer: every problem is one line naming the host.</summary>
    /// <exception cref="CimGatewayException">Unreachable, refused key, host-key mismatch, no PowerShell, no Hyper-V.</exception>
    public static async Task<SshCimGateway> OpenAsync(HyperVHost host, CancellationToken ct)
    {
        var connection = await HostConnection.OpenAsync(host, ct);
        try
        {
            return new SshCimGateway(connection, await connection.StartServerAsync(ct), host);
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    public async Task<IReadOnlyList<CimInstanceData>> QueryAsync(string @namespace, string wql, CancellationToken cancellationToken)
    {
        var result = await CallAsync("query", () => new JsonObject { ["ns"] = @namespace, ["wql"] = wql }, repeatable: true, cancellationToken);
        return result.ValueKind == JsonValueKind.Array ? result.EnumerateArray().Select(CimWire.Instance).ToList()
            : result.ValueKind == JsonValueKind.Object ? [CimWire.Instance(result)] : [];
    }

    public async Task<IReadOnlyList<CimInstanceData>> AssociatorsAsync(CimRef source, string associationClass, string? resultClass, CancellationToken cancellationToken)
    {
        var result = await CallAsync("assoc", () => new JsonObject { ["ref"] = CimWire.Ref(source), ["assoc"] = associationClass, ["result"] = resultClass },
            repeatable: true, cancellationToken);
        return result.ValueKind == JsonValueKind.Array ? result.EnumerateArray().Select(CimWire.Instance).ToList()
            : result.ValueKind == JsonValueKind.Object ? [CimWire.Instance(result)] : [];
    }

    public async Task<CimInstanceData> GetInstanceAsync(CimRef reference, CancellationToken cancellationToken) =>
        CimWire.Instance(await CallAsync("get", () => new JsonObject { ["ref"] = CimWire.Ref(reference) }, repeatable: true, cancellationToken));

    public async Task<CimMethodResult> InvokeMethodAsync(CimRef target, string method, IReadOnlyList<CimArgument> arguments, CancellationToken cancellationToken) =>
        CimWire.MethodResult(await CallAsync("invoke", () => new JsonObject
        {
            ["ref"] = CimWire.Ref(target),
            ["method"] = method,
            ["args"] = new JsonArray(arguments.Select(a => (JsonNode)CimWire.Value(a.Name, a.Value)).ToArray()),
        }, repeatable: false, cancellationToken));

    public async Task ModifyInstanceAsync(CimInstanceData instance, CancellationToken cancellationToken)
    {
        var keys = CimKeys.For(instance.ClassName);
        var wire = new JsonObject
        {
            ["c"] = instance.ClassName,
            ["ns"] = instance.Namespace,
            ["p"] = new JsonArray(instance.Properties.Select(p => (JsonNode)CimWire.Value(p.Key, p.Value, keys.Contains(p.Key, StringComparer.OrdinalIgnoreCase))).ToArray()),
        };
        await CallAsync("modify", () => new JsonObject { ["inst"] = wire.DeepClone() }, repeatable: false, cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        if (session is not null)
        {
            await session.DisposeAsync();
        }

        await connection.DisposeAsync();
        opening.Dispose();
    }

    private async Task<JsonElement> CallAsync(string op, Func<JsonObject> request, bool repeatable, CancellationToken ct)
    {
        var current = await SessionAsync(ct);
        try
        {
            return await current.CallAsync(op, request(), timeout, ct);
        }
        catch (HostSessionLostException lost)
        {
            await DropAsync(current);
            HostServerSession fresh;
            try
            {
                fresh = await SessionAsync(ct);
            }
            catch (CimGatewayException reopen)
            {
                throw new CimGatewayException($"{lost.Message}; reopening the session failed too: {reopen.Message}", lost);
            }

            if (!repeatable)
            {
                throw new CimGatewayException($"{lost.Message}; the session was reopened, but {op} is not sent again because it may have acted on the host", lost);
            }

            try
            {
                return await fresh.CallAsync(op, request(), timeout, ct);
            }
            catch (HostSessionLostException again)
            {
                await DropAsync(fresh);
                throw new CimGatewayException($"{again.Message}, again after reopening the session once: check the host (is WMI answering? 'Get-CimInstance -Namespace root/virtualization/v2 Msvm_ComputerSystem' there)", again);
            }
        }
    }

    private async Task<HostServerSession> SessionAsync(CancellationToken ct)
    {
        await opening.WaitAsync(ct);
        try
        {
            return session is { IsBroken: false } s ? s : session = await connection.StartServerAsync(ct);
        }
        finally
        {
            opening.Release();
        }
    }

    private async Task DropAsync(HostServerSession broken)
    {
        await opening.WaitAsync();
        try
        {
            if (ReferenceEquals(session, broken))
            {
                session = null;
            }
        }
        finally
        {
            opening.Release();
        }

        await broken.DisposeAsync();
    }
}
