using HvCert.Catalog;
using HvCert.Evidence;
using HvCert.Features;
using HvCert.Hosts;
using HvCert.HyperV;
using HvCert.HyperV.Inventory;
using HvCert.Planning;
using HvCert.Probes;
using HvCert.Transport;

namespace HvCert.Tests.HyperV.Twin.Guests;

/// <summary>
/// One probe end to end: the real HyperVBackend provisions a VM on the CIM host, the real probe runs its steps through the
/// backend's facets and the scripted guest, and the probe's own judge reads the recorded evidence.
/// </summary>
internal sealed class GuestProbeRun : IDisposable
{
    private readonly string share = Directory.CreateTempSubdirectory("hvcert-guest-run").FullName;

    public FakeCimGateway Host { get; } = FakeHyperVHost.Create().Reporting("26100"); // the inventory below says 2025

    public GuestWorld World { get; } = new();

    public ScriptedGuest? Guest { get; private set; }

    public HyperVInventory Inventory => HyperVInventory.Default with
    {
        Host = HyperVInventory.Default.Host with { Storage = new HostStorage(@"D:\hvcert", share), Version = HostVersion.Ws2025 },
        Switch = "hvcert-external",
        Templates = new Dictionary<string, IReadOnlyDictionary<Generation, string>>
        {
            ["freebsd-13"] = new Dictionary<Generation, string> { [Generation.Gen1] = @"D:\templates\freebsd-13-gen1.vhdx", [Generation.Gen2] = @"D:\templates\freebsd-13-gen2.vhdx" },
        },
    };

    public async Task<(Verdict Verdict, ProbeEvidence Evidence)> RunAsync(string featureId, OsFamily os, Generation generation,
        Func<GuestWorld, IReadOnlySet<string>, ScriptedGuest> guest, params VmFault[] faults)
    {
        HostBridge.Wire(Host, World, share);
        World.Generation = generation == Generation.Gen2 ? 2 : 1;
        var probe = ProbeRegistry.Find(featureId, os) ?? throw new InvalidOperationException($"no {os} probe for {featureId}");
        var caps = HyperVCapabilities.From(Inventory);
        await using var backend = HyperVBackendFactory.CreateWith(Inventory, _ => Host, (_, _, _) => Task.FromResult<IGuestTransport>(Guest!), TimeProvider.System);
        var spec = new VmSpec("run7", "hvc-vm1", "freebsd-13", generation, generation == Generation.Gen2, os, Faults: faults.ToHashSet());
        await using var vm = await backend.ProvisionAsync(spec, default);
        Guest = guest(World, vm.OfferedDevices.Select(d => d.Model).ToHashSet(StringComparer.OrdinalIgnoreCase));
        var transport = await vm.UntilSshAcceptsAsync(TimeSpan.FromSeconds(30), default);
        var events = new List<EvidenceEvent>();
        var parameters = new Dictionary<string, string>();
        var context = new ProbeContext(new CellKey("freebsd-13", generation, "2025", featureId), 1, vm, transport, parameters, events.Add, TimeProvider.System, capabilities: caps);
        await probe.RunAsync(context, default);
        var evidence = new ProbeEvidence(BackendKind.HyperV, os, generation, vm.OfferedDevices, vm.Settings, parameters,
            events.OfType<CommandRan>().ToList(), events.OfType<HostActionDone>().ToList());
        return (probe.Judge(evidence), evidence);
    }

    public void Dispose() => Directory.Delete(share, recursive: true);
}
