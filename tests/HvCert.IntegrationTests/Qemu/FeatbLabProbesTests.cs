using HvCert.Catalog;
using HvCert.Evidence;
using HvCert.Features;
using HvCert.Hosts;
using HvCert.Planning;
using HvCert.Probes;
using Xunit.Abstractions;

namespace HvCert.IntegrationTests.Qemu;

/// <summary>
/// The featb probes (Storage, Memory, Video, Misc, Gen2) run end to end on real lab VMs through the QEMU backend:
/// the probe's own steps via ProbeContext, then its judge on the recorded evidence. One Gen1 VM for the positives, one
/// Gen1 VM carrying every lab-expressible fault for the negative controls.
/// </summary>
internal static class FeatbProbeRun
{
    /// <summary>Like the runner: an infrastructure failure (SSH dropped on the loaded 2-core host) is retried once, never judged.</summary>
    public static async Task<Verdict> RunAsync(LabVmFixture lab, string featureId, Generation generation, ITestOutputHelper output)
    {
        try
        {
            return await RunOnceAsync(lab, featureId, generation, output);
        }
        catch (HvCert.Transport.GuestUnreachableException ex)
        {
            output.WriteLine($"{featureId}: infrastructure error, retrying once: {ex.Message}");
            return await RunOnceAsync(lab, featureId, generation, output);
        }
    }

    private static async Task<Verdict> RunOnceAsync(LabVmFixture lab, string featureId, Generation generation, ITestOutputHelper output)
    {
        // As the planner does (Applicability): a feature whose catalog facets the backend lacks is Not offered without running.
        var feature = HvCert.Catalog.FeatureCatalog.All.Single(f => f.Id == featureId);
        if (lab.Backend.Capabilities.WhyNotAll(feature.Facets) is { } why)
        {
            output.WriteLine($"{featureId}: NotOffered: {why}");
            return Verdict.NotOffered(why);
        }

        var probe = ProbeRegistry.Find(featureId, OsFamily.Linux)!;
        var events = new List<EvidenceEvent>();
        var none = new Dictionary<string, string>();
        var context = new ProbeContext(new CellKey("debian-12", generation, "qemu", featureId), 1, lab.Vm, lab.Ssh, none,
            events.Add, TimeProvider.System, capabilities: lab.Backend.Capabilities);
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(10));
        await probe.RunAsync(context, cts.Token);
        var evidence = new ProbeEvidence(BackendKind.Qemu, OsFamily.Linux, generation, lab.Vm.OfferedDevices, lab.Vm.Settings, none,
            events.OfType<CommandRan>().ToList(), events.OfType<HostActionDone>().ToList());
        var verdict = probe.Judge(evidence);
        output.WriteLine($"{featureId}: {verdict.Kind}: {verdict.Reason}");
        foreach (var e in events)
        {
            output.WriteLine(e switch
            {
                CommandRan c => $"  {c.Step} exit {c.ExitCode} {c.DurationMs:F0} ms: {Trim(c.Stdout)} {Trim(c.Stderr)}",
                HostActionDone h => $"  h{h.Step} {h.Action} ok={h.Ok} {string.Join(' ', h.Observations.Select(o => o.Key + "=" + o.Value))} {h.Error}",
                _ => string.Empty,
            });
        }

        return verdict;
    }

    private static string Trim(string s) => s.Length > 300 ? s[..300] + "…" : s.Replace('\n', '|');
}

public sealed class FeatbNegativeFixture : LabVmFixture
{
    protected override Generation Generation => Generation.Gen1;

    protected override bool SecureBoot => false;

    protected override IReadOnlySet<VmFault>? Faults { get; } = new HashSet<VmFault>
    {
        VmFault.DiscardIgnored, VmFault.NoWwn, VmFault.NoMmioGapSetting, VmFault.NoBalloonDevice,
        VmFault.NoMemoryHotplugSlots, VmFault.NoGuestAgent, VmFault.NoVideoDevice,
    };
}

[Collection(QemuLabCollection.Name)]
public sealed class FeatbLabPositiveTests(Gen1VmFixture lab, ITestOutputHelper output) : IClassFixture<Gen1VmFixture>
{
    [QemuLabFact]
    public async Task SharedVmProbes_Gen1_SupportedOrNotOfferedWithReason()
    {
        var expected = new (string Feature, VerdictKind Kind)[]
        {
            ("storage.scsi-wwn", VerdictKind.Supported), ("memory.mmio-gap", VerdictKind.Supported), ("memory.pae", VerdictKind.NotOffered),
            ("video.synthetic", VerdictKind.Supported), ("misc.kvp", VerdictKind.NotOffered), ("misc.file-copy", VerdictKind.Supported),
            ("misc.lsvmbus", VerdictKind.NotOffered), ("storage.live-backup", VerdictKind.Supported), ("storage.trim", VerdictKind.Supported),
            ("misc.hv-sockets", VerdictKind.NotOffered), ("misc.pci-passthrough", VerdictKind.NotOffered), ("storage.fibre-channel", VerdictKind.NotOffered),
            ("gen2.uefi", VerdictKind.NotSupported),
            // Ballooning before the probes that add memory: a revert keeps a plugged DIMM or virtio-mem block (README), and
            // the balloon is asked relative to the boot-time size, as in a real run where hot-add runs last.
            ("storage.vhdx-resize", VerdictKind.Supported), ("misc.nmi", VerdictKind.Supported), ("memory.ballooning", VerdictKind.Supported),
            ("memory.runtime-resize", VerdictKind.Supported), ("memory.hot-add", VerdictKind.Supported),
        };
        var wrong = new List<string>();
        foreach (var (feature, kind) in expected)
        {
            var verdict = await FeatbProbeRun.RunAsync(lab, feature, Generation.Gen1, output);
            if (verdict.Kind != kind)
            {
                wrong.Add($"{feature}: expected {kind}, got {verdict.Kind}: {verdict.Reason}");
            }
        }

        Assert.True(wrong.Count == 0, string.Join("\n", wrong));
    }
}

[Collection(QemuLabCollection.Name)]
public sealed class FeatbLabNegativeTests(FeatbNegativeFixture lab, ITestOutputHelper output) : IClassFixture<FeatbNegativeFixture>
{
    [QemuLabFact]
    public async Task NegativeControls_Gen1WithFaults_NeverSupported()
    {
        var features = new[]
        {
            "storage.trim", "storage.scsi-wwn", "memory.mmio-gap", "memory.ballooning", "memory.hot-add", "memory.runtime-resize",
            "storage.live-backup", "misc.file-copy", "video.synthetic",
        };
        var passed = new List<string>();
        foreach (var feature in features)
        {
            var verdict = await FeatbProbeRun.RunAsync(lab, feature, Generation.Gen1, output);
            if (verdict.IsPass || verdict.Kind == VerdictKind.Error)
            {
                passed.Add($"{feature}: {verdict.Kind}: {verdict.Reason}");
            }
        }

        Assert.True(passed.Count == 0, "negative controls that did not hold:\n" + string.Join("\n", passed));
    }
}
