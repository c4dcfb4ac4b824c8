using HvCert.Cli.Selftest;
using HvCert.Features;
using HvCert.Hosts;
using HvCert.Probes;

namespace HvCert.Tests.Cli;

public class SelftestPlanTests
{
    private static readonly IReadOnlyList<IProbe> Mine = ProbeRegistry.All.Where(p => p.Os == HvCert.Catalog.OsFamily.Linux && (p.FeatureId.StartsWith("core.", StringComparison.Ordinal) || p.FeatureId.StartsWith("net.", StringComparison.Ordinal))).ToList();

    [Fact]
    public void Build_SharedFaultSetBootsOnce_AndShutdownRunsLast()
    {
        var expressible = new HashSet<VmFault> { VmFault.OffloadsDisabled, VmFault.NoGuestAgent, VmFault.NoKeyValueChannel, VmFault.ShutdownIgnored };

        var (groups, notExpressible) = SelftestPlan.Build(Mine, expressible);

        Assert.Equal("core.shutdown", groups[0].Probes[^1].FeatureId);
        var offloads = Assert.Single(groups, g => g.Faults.SetEquals([VmFault.OffloadsDisabled]));
        Assert.Equal(["net.lro", "net.tso-checksum"], offloads.Probes.Select(p => p.FeatureId).Order(StringComparer.Ordinal));
        Assert.Contains(groups, g => g.Faults.SetEquals([VmFault.NoGuestAgent, VmFault.NoKeyValueChannel]));
        Assert.Contains(notExpressible, p => p.FeatureId == "net.sriov");
    }

    [Theory]
    [InlineData(VerdictKind.Supported, VerdictKind.NotSupported, "Holds")]
    [InlineData(VerdictKind.Supported, VerdictKind.NotOffered, "Holds")]
    [InlineData(VerdictKind.NotOffered, VerdictKind.NotOffered, "FeatureNotOffered")]
    [InlineData(VerdictKind.NotApplicable, VerdictKind.NotApplicable, "FeatureNotOffered")]
    [InlineData(VerdictKind.Supported, VerdictKind.SupportedWithCaveat, "Fails")]
    [InlineData(VerdictKind.NotSupported, VerdictKind.NotSupported, "Fails")]
    [InlineData(VerdictKind.Error, VerdictKind.NotSupported, "Fails")]
    [InlineData(VerdictKind.Supported, VerdictKind.Error, "Fails")]
    public void Control_Rule(VerdictKind positive, VerdictKind negative, string expected)
    {
        Assert.Equal(expected, SelftestPlan.Control(new Verdict(positive, "p"), new Verdict(negative, "n")).ToString());
    }

    [Fact]
    public void EveryCoreAndNetworkingProbe_HasANegativeControl()
    {
        foreach (var probe in Mine)
        {
            Assert.NotEmpty(probe.NegativeControl);
        }
    }
}
