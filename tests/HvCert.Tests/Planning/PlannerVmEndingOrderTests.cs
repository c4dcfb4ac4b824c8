using HvCert.Catalog;
using HvCert.Hosts;
using HvCert.Matrix;
using HvCert.Planning;
using HvCert.Suites;

namespace HvCert.Tests.Planning;

public sealed class PlannerVmEndingOrderTests
{
    [Fact]
    public void Build_IsolatedProbes_MigrationFirstHotPlugLateShutdownLast()
    {
        var features = FeatureCatalog.All.Select(f => new SuiteFeature(f, TimeSpan.FromMinutes(3), new Dictionary<string, string>(), 1, 1)).ToList();
        var suite = new Suite("full", "", "full.yaml", TimeSpan.FromMinutes(3), HostTooOld.NotApplicable, features);
        var target = new MatrixTarget(new TargetRef("debian-12", "debian", "12", OsFamily.Linux, new Dictionary<Generation, string> { [Generation.Gen1] = "debian-bookworm" }), [Generation.Gen1]);
        var matrix = new TestMatrix("lab", "", "lab.yaml", BackendKind.Qemu, [new MatrixHost("qemu", null, 1, 1)], [new MatrixGeneration(Generation.Gen1, false)], [target]);

        var group = Assert.Single(Planner.Build(suite, matrix, FeatureCatalog.All, BackendCapabilities.Everything(BackendKind.Qemu)).Groups);

        Assert.Equal("net.live-migration", group.Isolated[0].Feature.Id);
        Assert.Equal("memory.hot-add", group.Isolated[^2].Feature.Id);
        Assert.Equal("core.shutdown", group.Isolated[^1].Feature.Id);
        Assert.True(group.Isolated.Count > 1);
        Assert.All(group.Isolated.SkipLast(1), c => Assert.False(c.Feature.EndsVm));
    }
}
