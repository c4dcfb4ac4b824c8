using HvCert.HyperV.Cim;

namespace HvCert.HyperV.Peer;

/// <summary>
/// The run's private virtual switch (no host or external port) that carries the peer link: every VM of the run gets a
/// second NIC on it, and a peer VM answers there. Created once per run with Msvm_VirtualEthernetSwitchManagementService.
/// DefineSystem (a switch settings object and no port allocations = a private switch, as os-win creates one); its Notes carry
/// the run id so <c>hvcert reap</c> finds it. One per host: each host column's VMs and their peers share their own host's switch.
/// </summary>
internal sealed class PeerSwitch(string runId)
{
    private const string Service = "Msvm_VirtualEthernetSwitchManagementService";
    private readonly Lock gate = new();
    private readonly Dictionary<Inventory.HyperVHost, Task<CimInstanceData>> created = new(ReferenceEqualityComparer.Instance);

    public string Name => NameFor(runId);

    public static string NameFor(string runId) => $"hvcert-{runId}-peer";

    /// <summary>The switch on the session's host, created on first use (once, also when VMs provision in parallel slots).</summary>
    public Task<CimInstanceData> EnsureAsync(HostSession session, CancellationToken ct)
    {
        lock (gate)
        {
            if (!created.TryGetValue(session.Host, out var onHost) || onHost.IsFaulted || onHost.IsCanceled)
            {
                created[session.Host] = onHost = CreateAsync(session, ct);
            }

            return onHost;
        }
    }

    private async Task<CimInstanceData> CreateAsync(HostSession session, CancellationToken ct)
    {
        var existing = await session.QueryAsync(Wql.Where("Msvm_VirtualEthernetSwitch", "ElementName", Name), ct);
        if (existing.Count == 0)
        {
            var settings = CimInstanceData.Create("Msvm_VirtualEthernetSwitchSettingData",
                ("ElementName", CimValue.Of(Name)), ("Notes", CimValue.Strings(HyperVBackend.RunNote(runId))));
            await session.InvokeAsync(await session.ServiceAsync(Service, ct), "DefineSystem", ct, null,
                new CimArgument("SystemSettings", CimValue.Of(CimXml.Write(settings))), new CimArgument("ResourceSettings", CimValue.Strings()));
            existing = await session.QueryAsync(Wql.Where("Msvm_VirtualEthernetSwitch", "ElementName", Name), ct);
        }

        return existing.Count > 0 ? existing[0] : throw new Jobs.HyperVException("DefineSystem", Jobs.HyperVErrorKind.NotAvailable,
            $"private switch {Name} not found after DefineSystem on {session.Host.Address}");
    }

    /// <summary>Destroys the private switches of one run (or of every run when <paramref name="onlyRunId"/> is null).</summary>
    public static async Task<int> ReapAsync(HostSession session, string? onlyRunId, CancellationToken ct)
    {
        var removed = 0;
        foreach (var sw in await session.QueryAsync(Wql.Select("Msvm_VirtualEthernetSwitch"), ct))
        {
            var name = sw.String("ElementName") ?? "";
            var ours = onlyRunId is null ? name.StartsWith("hvcert-", StringComparison.Ordinal) && name.EndsWith("-peer", StringComparison.Ordinal) : name == NameFor(onlyRunId);
            if (!ours)
            {
                continue;
            }

            await session.InvokeAsync(await session.ServiceAsync(Service, ct), "DestroySystem", ct, null, new CimArgument("AffectedSystem", CimValue.Ref(sw.Ref)));
            removed++;
        }

        return removed;
    }
}
