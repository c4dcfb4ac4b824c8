using HvCert.Catalog;
using HvCert.Hosts;
using HvCert.Matrix;
using HvCert.Planning;
using HvCert.Probes;
using HvCert.Suites;

namespace HvCert.Tests.Planning;

/// <summary>Issue 7's planning part: FreeBSD targets get FreeBSD-specific applicability with reasons.</summary>
public sealed class FreeBsdApplicabilityTests
{
    private static Plan FreeBsdPlan() => Planner.Build(
        SuiteLoader.Load(Path.Combine(RepoPaths.Root, "suites", "full.yaml")),
        MatrixLoader.Load(Path.Combine(RepoPaths.Root, "matrices", "hyperv-freebsd.yaml")),
        FeatureCatalog.All,
        BackendCapabilities.Everything(BackendKind.HyperV));

    [Theory]
    [InlineData("memory.pae", "Microsoft's FreeBSD page has no PAE row")]
    [InlineData("video.synthetic", "FreeBSD has no synthetic video driver")]
    public void Build_FreeBsdTargets_PaeAndVideoAreNotApplicableWithFreeBsdReason(string featureId, string reason)
    {
        var cells = FreeBsdPlan().Preset.Where(c => c.Feature.Id == featureId).ToList();

        Assert.Equal(2 * 2 * 3, cells.Count);
        Assert.All(cells, c =>
        {
            Assert.Equal(VerdictKind.NotApplicable, c.Preset!.Kind);
            Assert.Contains(reason, c.Preset.Reason, StringComparison.Ordinal);
        });
    }

    [Fact]
    public void Build_FreeBsdGen2_BootsWithoutSecureBootAndSaysWhy()
    {
        var plan = FreeBsdPlan();

        Assert.All(plan.Groups, g => Assert.False(g.SecureBoot));
        var secureBoot = plan.Preset.Where(c => c.Feature.Id == "gen2.secure-boot" && c.Key.Generation == Generation.Gen2).ToList();
        Assert.Equal(2 * 3, secureBoot.Count);
        Assert.All(secureBoot, c => Assert.Contains("turns Secure Boot off for freebsd-", c.Preset!.Reason, StringComparison.Ordinal));
    }

    [Fact]
    public void Build_FreeBsdTargets_EveryOtherFeatureIsPlannedToRun()
    {
        var plan = FreeBsdPlan();

        var runs = plan.Groups.Where(g => g.Generation == Generation.Gen2)
            .Select(g => g.Shared.Concat(g.Isolated).Select(c => c.Feature.Id).ToHashSet()).ToList();
        Assert.All(runs, ids => Assert.Equal(32, ids.Count));
        Assert.All(runs, ids => Assert.Contains("misc.kvp", ids));
        Assert.Equal(2 * 2 * 3 * 35, plan.AllCells.Count());
    }

    [Fact]
    public void Build_LinuxTargetsOnTheSameSuite_StillRunPaeAndVideo()
    {
        var plan = Planner.Build(
            SuiteLoader.Load(Path.Combine(RepoPaths.Root, "suites", "full.yaml")),
            MatrixLoader.Load(Path.Combine(RepoPaths.Root, "matrices", "lab.yaml")),
            FeatureCatalog.All,
            BackendCapabilities.Everything(BackendKind.Qemu));

        Assert.DoesNotContain(plan.Preset, c => c.Feature.Id is "memory.pae" or "video.synthetic");
    }
}
