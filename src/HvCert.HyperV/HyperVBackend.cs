using System.Globalization;
using HvCert.Hosts;
using HvCert.HyperV.Cim;
using HvCert.HyperV.Facets;
using HvCert.HyperV.Inventory;
using HvCert.HyperV.Jobs;
using HvCert.HyperV.Peer;
using HvCert.HyperV.Provisioning;
using HvCert.HyperV.Seed;

namespace HvCert.HyperV;

/// <summary>The Hyper-V host backend over an <see cref="ICimGateway"/> (MMI on Windows, a recording fake in tests).</summary>
internal sealed partial class HyperVBackend(
    HyperVInventory inventory, Func<HyperVHost, ICimGateway> connect, GuestConnector connector, TimeProvider time, TimeSpan pollInterval) : IHostBackend
{
    private const string NotePrefix = "hvcert-run:";
    private readonly HostColumns.HostRoster roster = new(inventory, connect, time, pollInterval);
    // dda_pool names location paths on each column host: a device leased on one host leaves the others' free.
    private readonly Dictionary<HyperVHost, DdaPool> ddaPools = new(ReferenceEqualityComparer.Instance);
    private readonly Dictionary<string, (int Index, int Role)> peerSlots = new(StringComparer.Ordinal);
    private PeerSwitch? peerSwitch;

    /// <summary>Replaced in tests; AF_HYPERV exists only on Windows.</summary>
    internal HvSocketConnector? hvSockets;

    public static string RunNote(string runId) => NotePrefix + runId;

    public BackendKind Kind => BackendKind.HyperV;

    public BackendCapabilities Capabilities { get; } = HyperVCapabilities.From(inventory);

    private HostSession Primary => roster.Session(inventory.Host);

    private HostSession Secondary => roster.Session(inventory.SecondHost!);

    /// <summary>
    /// The first host's facts (version = the release its build maps to), and under <c>host.NAME</c> what every column host
    /// reports: the run's record of which machines it used, or why one could not be read.
    /// </summary>
    public async Task<HostFacts> DescribeHostAsync(CancellationToken cancellationToken)
    {
        var os = await Primary.Gateway.QueryAsync(@"root\cimv2", "SELECT * FROM Win32_OperatingSystem", cancellationToken) is { Count: > 0 } o ? o[0] : null;
        var cpu = await Primary.Gateway.QueryAsync(@"root\cimv2", "SELECT * FROM Win32_Processor", cancellationToken) is { Count: > 0 } c ? c[0] : null;
        var build = os?.String("BuildNumber") ?? "unknown";
        var extra = new Dictionary<string, string> { ["caption"] = os?.String("Caption") ?? "", ["version"] = os?.String("Version") ?? "", ["host"] = inventory.Host.Address };
        foreach (var host in inventory.ColumnHosts)
        {
            try
            {
                extra["host." + host.Name] = (await roster.ReportAsync(host, cancellationToken)).Placement.ToString();
            }
            catch (Exception e) when (e is InfrastructureException or CimGatewayException or HyperVException)
            {
                extra["host." + host.Name] = "not read: " + e.Message;
            }
        }

        var release = (await roster.ReportAsync(inventory.Host, cancellationToken)).Placement.Release;
        return new HostFacts(BackendKind.HyperV, release, build, cpu?.String("Name") ?? "unknown", extra);
    }

    public async Task<IVm> ProvisionAsync(VmSpec spec, CancellationToken cancellationToken)
    {
        HostSession session;
        HostPlacement placement;
        try
        {
            (session, placement) = await roster.ForColumnAsync(spec.HostColumn, cancellationToken);
        }
        catch (Exception e) when (e is HyperVException or CimGatewayException or IOException)
        {
            throw new InfrastructureException($"provisioning {spec.Name}: the host for column {spec.HostColumn ?? "(none)"} could not be reached: {e.Message}", e);
        }

        var template = inventory.TemplateFor(spec.Image, spec.Generation) ?? throw new InfrastructureException(
            $"no template VHDX for image '{spec.Image}' {spec.Generation}: add templates: {spec.Image}: {spec.Generation.ToString().ToLowerInvariant()}: <path> to {inventory.SourceFile}");
        var keys = GuestKeys.Create($"hvcert-{spec.RunId}");
        // As the lab does with its run key: should a guest ever print these keys (or a line of one), evidence and reports
        // show "[redacted: run SSH key]".
        HvCert.Evidence.Redaction.Register(keys.ClientPrivatePem, "run SSH key");
        HvCert.Evidence.Redaction.Register(keys.HostPrivatePem, "run SSH host key");
        // A name of its own per provisioning (two VMs, or two test runs, with one run id must not share a key file), created
        // new and 0600 from the first byte rather than chmod-ed after the private key is already on disk.
        var keyPath = Path.Combine(Path.GetTempPath(), $"hvcert-{spec.RunId}-{spec.Name}-{Guid.NewGuid():N}.key");
        var keyFile = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            keyFile.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        await using (var writer = new StreamWriter(keyPath, keyFile))
        {
            await writer.WriteAsync(keys.ClientPrivatePem.AsMemory(), cancellationToken);
        }

        VmContext? vm = null;
        IReadOnlyList<OfferedDevice> offered;
        try
        {
            var provisioner = new VmProvisioner(session, inventory, await PeerNicAsync(session, spec, cancellationToken));
            vm = await provisioner.DefineAsync(spec, template, keys, cancellationToken);
            await provisioner.ConfigureAsync(vm, spec, cancellationToken);
            offered = await IntegrationOffers.ReadAsync(vm, HyperVDevices.For(spec, inventory), cancellationToken);
            await VmPower.RequestAsync(vm, VmPower.Running, cancellationToken);
        }
        catch (Exception e) when (e is HyperVException or CimGatewayException or IOException)
        {
            if (vm is not null)
            {
                await TryRemoveAsync(vm);
            }

            File.Delete(keyPath);
            throw new InfrastructureException($"provisioning {spec.Name} on {session.Host.Address} failed: {e.Message}", e);
        }

        return new HyperVVm(vm, spec, offered, Facets(vm, spec, offered), keyPath, keys.HostKeySha256, inventory.SshUser, connector) { Placement = placement };
    }

    /// <summary>The run's private peer switch (created on first use) and this VM's static MAC on it; a peer VM shares its guest's index.</summary>
    private async Task<(CimRef Switch, string Mac)> PeerNicAsync(HostSession session, VmSpec spec, CancellationToken ct)
    {
        lock (peerSlots)
        {
            peerSwitch ??= new PeerSwitch(spec.RunId);
        }

        var vswitch = await peerSwitch.EnsureAsync(session, ct);
        (int Index, int Role) slot;
        lock (peerSlots)
        {
            if (!peerSlots.TryGetValue(spec.Name, out slot))
            {
                slot = (peerSlots.Values.Count(v => v.Role == 0) + 1, 0);
                peerSlots[spec.Name] = slot;
                peerSlots[PeerLink.PeerName(spec.Name)] = (slot.Index, 1);
            }
        }

        return (vswitch.Ref, PeerAddresses.WmiMac(slot.Index, slot.Role));
    }

    private int PeerIndex(string vmName)
    {
        lock (peerSlots)
        {
            return peerSlots[vmName].Index;
        }
    }

    /// <summary>
    /// Removes what runs left on every inventory host (each column host and the migration destination, where a live migration may
    /// have left a VM): VMs whose Notes carry the run id (or any hvcert run id when <paramref name="runId"/> is null) with their
    /// disks, seed ISOs and staged files, the runs' private peer switches (their ports go with them), and files under
    /// storage.host_path named with a run id.
    /// </summary>
    public async Task<int> ReapAsync(string? runId, CancellationToken cancellationToken)
    {
        var removed = 0;
        foreach (var host in inventory.AllHosts)
        {
            removed += await ReapHostAsync(roster.Session(host), runId, cancellationToken);
        }

        return removed;
    }

    private static async Task<int> ReapHostAsync(HostSession session, string? runId, CancellationToken cancellationToken)
    {
        var all = await session.QueryAsync(
            $"SELECT * FROM Msvm_VirtualSystemSettingData WHERE VirtualSystemType = {Wql.Quote("Microsoft:Hyper-V:System:Realized")}", cancellationToken);
        var removed = 0;
        var runIds = new HashSet<string>(StringComparer.Ordinal);
        foreach (var vssd in all)
        {
            var note = vssd.Strings("Notes").FirstOrDefault(n => n.StartsWith(NotePrefix, StringComparison.Ordinal));
            if (note is null || (runId is not null && note != RunNote(runId)))
            {
                continue;
            }

            // Its files go below, once every VM of the run is gone: a disk still attached to another leftover VM is in use.
            var leftover = new VmContext(session, vssd.String("VirtualSystemIdentifier")!, vssd.String("ElementName") ?? "", note[NotePrefix.Length..]);
            await Teardown.RemoveAsync(leftover, cancellationToken);
            runIds.Add(leftover.RunId);
            removed++;
        }

        removed += await PeerSwitch.ReapAsync(session, runId, cancellationToken);
        if (runId is not null)
        {
            runIds.Add(runId);
        }

        var orphans = (await session.Files.NamesContainingAsync("-", cancellationToken))
            .Where(n => runIds.Any(id => n.Contains("-" + id + "-", StringComparison.Ordinal)) || (runId is null && AnyRunId().IsMatch(n)));
        foreach (var orphan in orphans)
        {
            removed += await session.Files.DeleteAsync(orphan, cancellationToken) ? 1 : 0;
        }

        return removed;
    }

    // A run id inside a file name: -yyyyMMdd-HHmmss-xxxx- (RunDirectory.NewRunId).
    [System.Text.RegularExpressions.GeneratedRegex(@"-[0-9]{8}-[0-9]{6}-[0-9a-f]{4}-")]
    private static partial System.Text.RegularExpressions.Regex AnyRunId();

    public ValueTask DisposeAsync() => roster.DisposeAsync();

    private List<object> Facets(VmContext vm, VmSpec spec, IReadOnlyList<OfferedDevice> offered)
    {
        var caps = Capabilities;
        var list = new List<object>
        {
            new ShutdownFacet(vm), new HeartbeatFacet(vm), new TimeSyncFacet(vm), new NmiFacet(vm), new KeyValueFacet(vm),
            new FileCopyFacet(vm), new MouseFacet(vm), new VideoFacet(vm), new DeviceBusFacet(vm, offered), new FirmwareFacet(vm),
            new StorageFacets(vm), new MemoryFacets(vm),
            new NetworkFacets(vm, spec.Has(VmFault.SrIovDisabled)),
        };
        if (spec.Name.EndsWith("-peer", StringComparison.Ordinal) && peerSlots.TryGetValue(spec.Name, out var own) && own.Role == 1)
        {
            return list; // a peer VM needs no peer of its own
        }

        var link = new PeerLink(vm, spec, new PeerAddresses(PeerIndex(spec.Name)), ProvisionAsync);
        list.Add(link);
        list.Add(new PeerNetworkFacet(vm, link, spec.Has(VmFault.PeerMtu1500)));
        list.Add(new PeerVlanFacet(vm, link, spec.Has(VmFault.PeerVlanMismatch)));
        if (caps.Has(HvCert.Catalog.Facet.HostSockets))
        {
            list.Add(new HostSocketFacet(vm, hvSockets ?? HvSocket.EchoAsync));
        }

        if (caps.Has(HvCert.Catalog.Facet.PciPassthrough))
        {
            list.Add(new PciPassthroughFacet(vm, DdaPoolOf(vm.Session.Host)));
        }

        if (caps.Has(HvCert.Catalog.Facet.LiveMigration))
        {
            list.Add(new LiveMigrationFacet(vm, () => Secondary, inventory.SharedStorage));
        }

        return list;
    }

    private DdaPool DdaPoolOf(HyperVHost host)
    {
        lock (ddaPools)
        {
            return ddaPools.TryGetValue(host, out var pool) ? pool : ddaPools[host] = new DdaPool(inventory.DdaPool);
        }
    }

    private static async Task TryRemoveAsync(VmContext vm)
    {
        try
        {
            await Teardown.RemoveAsync(vm, CancellationToken.None);
        }
        catch (Exception e) when (e is HyperVException or CimGatewayException or IOException)
        {
            // The original failure is what the user needs; `hvcert reap` finds this VM by its Notes.
        }
    }
}
