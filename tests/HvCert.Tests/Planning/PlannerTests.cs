using HvCert.Catalog;
using HvCert.Hosts;
using HvCert.Matrix;
using HvCert.Planning;
using HvCert.Probes;
using HvCert.Suites;

namespace HvCert.Tests.Planning;

public sealed class PlannerTests
{
    private static readonly BackendCapabilities Everything = BackendCapabilities.Everything(BackendKind.HyperV);

    private static Suite Full => SuiteLoader.Load(Path.Combine(RepoPaths.Root, "suites", "full.yaml"));

    private static TestMatrix HyperV(string hosts, string generations = "[1, {generation: 2, secure_boot: true}]", string os = "linux") =>
        MatrixLoader.FromText($"name: m\nbackend: hyperv\nhosts: {hosts}\ngenerations: {generations}\ntargets:\n  - {{id: t-1, distro: t, release: \"1\", os: {os}, images: {{gen1: a.vhdx, gen2: b.vhdx}}}}\n", "m.yaml");

    [Fact]
    public void Build_DestructiveProbes_AreIsolatedAndSharedOnesShareTheVm()
    {
        var plan = Planner.Build(Full, HyperV("[\"2022\"]"), FeatureCatalog.All, Everything);

        var gen2 = plan.Groups.Single(g => g.Generation == Generation.Gen2);
        Assert.True(gen2.SecureBoot);
        Assert.All(gen2.Isolated, c => Assert.True(c.Feature.Destructive));
        Assert.All(gen2.Shared, c => Assert.False(c.Feature.Destructive));
        Assert.Equal(35, gen2.Shared.Count + gen2.Isolated.Count);
        Assert.Contains(gen2.Isolated, c => c.Feature.Id == "core.shutdown");
        Assert.Equal("t-1/gen2/2022", gen2.Key);
    }

    [Fact]
    public void Build_HostBelowMinHost_MarksNotApplicableWithVersions()
    {
        var plan = Planner.Build(Full, HyperV("[\"2012r2\", \"2016\"]", "[1]"), FeatureCatalog.All, Everything);

        var cell = plan.Preset.Single(c => c.Key is { Host: "2012r2", FeatureId: "core.accurate-time" });
        Assert.Equal(VerdictKind.NotApplicable, cell.Preset!.Kind);
        Assert.Contains("needs Windows Server 2016 or later; this host is Windows Server 2012 R2", cell.Preset.Reason, StringComparison.Ordinal);
        Assert.DoesNotContain(plan.Preset, c => c.Key is { Host: "2016", FeatureId: "core.accurate-time" });
        var lro = plan.Preset.Single(c => c.Key is { Host: "2016", FeatureId: "net.lro" });
        Assert.Contains("2019 or later", lro.Preset!.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Build_MissingFacet_IsNotOfferedWithTheBackendsReason()
    {
        var caps = new BackendCapabilities(BackendKind.Qemu,
            Enum.GetValues<Facet>().Where(f => f != Facet.FibreChannel).ToHashSet(),
            new Dictionary<Facet, string> { [Facet.FibreChannel] = "QEMU has no virtual Fibre Channel HBA" },
            new HashSet<VmFault>());
        var lab = MatrixLoader.Load(Path.Combine(RepoPaths.Root, "matrices", "lab-debian12.yaml"));

        var plan = Planner.Build(Full, lab, FeatureCatalog.All, caps);

        var fc = plan.Preset.Where(c => c.Feature.Id == "storage.fibre-channel").ToList();
        Assert.Equal(2, fc.Count);
        Assert.All(fc, c => Assert.Equal(Verdict.NotOffered("QEMU has no virtual Fibre Channel HBA"), c.Preset));
        Assert.DoesNotContain(plan.Groups.SelectMany(g => g.Shared), c => c.Feature.Id == "storage.fibre-channel");
    }

    [Fact]
    public void Build_Gen2WithoutSecureBoot_SkipsTheSecureBootCellWithAFix()
    {
        var plan = Planner.Build(Full, HyperV("[\"2022\"]", "[2]"), FeatureCatalog.All, Everything);

        var cell = plan.Preset.Single(c => c.Feature.Id == "gen2.secure-boot");
        Assert.Equal(VerdictKind.Skipped, cell.Preset!.Kind);
        Assert.Contains("secure_boot: true", cell.Preset.Reason, StringComparison.Ordinal);
        Assert.False(Assert.Single(plan.Groups).SecureBoot);
    }

    [Fact]
    public void Build_SameInputs_SameOrderEveryTime()
    {
        var matrix = MatrixLoader.Load(Path.Combine(RepoPaths.Root, "matrices", "hyperv-example.yaml"));

        var a = Planner.Build(Full, matrix, FeatureCatalog.All, Everything);
        var b = Planner.Build(Full, matrix, FeatureCatalog.All, Everything);

        Assert.Equal(a.AllCells.Select(c => c.Key.ToString()), b.AllCells.Select(c => c.Key.ToString()));
        Assert.Equal(21 * 2 * 4 * 35, a.AllCells.Count());
        Assert.Equal("ubuntu-16.04/gen1/2016", a.Groups[0].Key);
        Assert.Equal("ubuntu-16.04/gen1/2019", a.Groups[1].Key);
    }

    [Fact]
    public void Build_EveryCellCarriesItsSuiteParametersAndTimeout()
    {
        var plan = Planner.Build(Full, HyperV("[\"2022\"]", "[1]"), FeatureCatalog.All, Everything);

        var jumbo = plan.AllCells.Single(c => c.Feature.Id == "net.jumbo-frames");
        Assert.Equal("9000", jumbo.Parameters["mtu"]);
        Assert.Equal(TimeSpan.FromSeconds(180), jumbo.Timeout);
    }
}
