using HvCert.HyperV.Cim;
using HvCert.HyperV.Inventory;
using HvCert.HyperV.Jobs;

namespace HvCert.HyperV;

/// <summary>One Hyper-V host as the backend uses it: the gateway, job waiting, and the few queries every step needs.</summary>
internal sealed class HostSession(ICimGateway gateway, HyperVHost host, TimeProvider time, TimeSpan pollInterval)
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromMinutes(5);

    public ICimGateway Gateway => gateway;

    public HyperVHost Host => host;

    public TimeProvider Time => time;

    public JobWaiter Jobs { get; } = new(gateway, time, pollInterval);

    public IHostFiles Files { get; } = (gateway as IHostFilesProvider)?.Files ?? new ShareHostFiles(host.Storage);

    public Task<IReadOnlyList<CimInstanceData>> QueryAsync(string wql, CancellationToken ct) =>
        gateway.QueryAsync(CimRef.VirtualizationV2, wql, ct);

    public async Task<CimInstanceData> SingleAsync(string wql, string whatIfMissing, CancellationToken ct)
    {
        var found = await QueryAsync(wql, ct);
        return found.Count > 0 ? found[0] : throw new HyperVException(wql, HyperVErrorKind.NotAvailable, whatIfMissing);
    }

    public async Task<CimRef> ServiceAsync(string className, CancellationToken ct) =>
        (await SingleAsync(Wql.Select(className), $"{className} not found on {host.Address}: is the Hyper-V role installed?", ct)).Ref;

    public async Task<CimMethodResult> InvokeAsync(CimRef target, string method, CancellationToken ct, TimeSpan? timeout = null, params CimArgument[] args) =>
        await Jobs.InvokeAsync(target, method, args, timeout ?? DefaultTimeout, ct);

    public async Task<CimMethodResult> VsmsAsync(string method, CancellationToken ct, TimeSpan? timeout = null, params CimArgument[] args) =>
        await InvokeAsync(await ServiceAsync("Msvm_VirtualSystemManagementService", ct), method, ct, timeout, args);

    /// <summary>The default (template) settings object for a new device: os-win's <c>InstanceID LIKE '%\Default'</c> shortcut.</summary>
    public Task<CimInstanceData> DefaultResourceAsync(string className, string subType, CancellationToken ct) =>
        SingleAsync($"SELECT * FROM {className} WHERE InstanceID LIKE {Wql.Quote(@"%\Default")} AND ResourceSubType = {Wql.Quote(subType)}",
            $"no default {subType} settings on {host.Address}", ct);

    /// <summary>AddResourceSettings on the VM's VSSD; returns the first resulting settings reference.</summary>
    public async Task<CimRef> AddResourceAsync(CimRef vssd, CimInstanceData settings, CancellationToken ct)
    {
        var result = await VsmsAsync("AddResourceSettings", ct, null,
            new CimArgument("AffectedConfiguration", CimValue.Ref(vssd)),
            new CimArgument("ResourceSettings", CimValue.Strings(CimXml.Write(settings))));
        return await FirstResultAsync(result, "ResultingResourceSettings", settings.ClassName, ct)
            ?? throw new HyperVException("AddResourceSettings", HyperVErrorKind.Unknown, $"AddResourceSettings returned no {settings.ClassName} reference, neither as out parameter nor through its job");
    }

    /// <summary>
    /// The objects a method produced. When it answered 4096 the out reference may be empty; the result is then reached from
    /// the job through Msvm_AffectedJobElement, as Microsoft's samples and os-win do (hyperv-wmi.md "Corrections").
    /// </summary>
    public async Task<CimRef?> FirstResultAsync(CimMethodResult result, string outName, string resultClass, CancellationToken ct) =>
        await ResultingAsync(result, outName, resultClass, ct) is [var first, ..] ? first : null;

    public async Task<IReadOnlyList<CimRef>> ResultingAsync(CimMethodResult result, string outName, string resultClass, CancellationToken ct)
    {
        if (result.Out(outName) is { Kind: CimKind.Reference, References.Count: > 0 } direct)
        {
            return direct.References;
        }

        if (result.OutRef("Job") is not { } job)
        {
            return [];
        }

        var affected = await gateway.AssociatorsAsync(job, "Msvm_AffectedJobElement", resultClass, ct);
        return affected.Select(a => a.Ref).ToList();
    }

    public Task ModifyResourceAsync(CimInstanceData settings, CancellationToken ct) =>
        VsmsAsync("ModifyResourceSettings", ct, null, new CimArgument("ResourceSettings", CimValue.Strings(CimXml.Write(settings))));

    public Task ModifySystemAsync(CimInstanceData vssd, CancellationToken ct) =>
        VsmsAsync("ModifySystemSettings", ct, null, new CimArgument("SystemSettings", CimValue.Of(CimXml.Write(vssd))));

    // The template's InstanceID is passed through as os-win does; Hyper-V assigns the new device's id.
    public string PathOf(CimRef reference) => reference.ToWmiPath(gateway.ServerName);
}
