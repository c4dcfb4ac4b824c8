using HvCert.Catalog;
using HvCert.Probes;
using static HvCert.Probes.VerdictKind;

namespace HvCert.Tests.HyperV.Twin.Guests;

/// <summary>
/// One test per feature and guest OS through the twin: the cell of a real `full` RunSession (Gen2, 2025 host), its verdict and
/// reason checked against what the twin offers and what the guest's captures show. Each expectation says why; none is "all
/// Supported". Features whose host side is still a twin gap (#13 item 1, another helper's) accept the verdict the guest side
/// gives once the host side works, and say so.
/// </summary>
public sealed class TwinGuestFeatureTests(TwinSuiteRun run) : IClassFixture<TwinSuiteRun>
{
    public static TheoryData<string> Linux() => Ids(OsFamily.Linux);

    public static TheoryData<string> FreeBsd() => Ids(OsFamily.FreeBsd);

    [Theory]
    [MemberData(nameof(Linux))]
    public void Debian12_Feature_VerdictFollowsTheTwinAndTheCaptures(string featureId) =>
        Check(run.Cell("debian-12", Generation.Gen2, featureId), TwinGuestExpectations.Linux[featureId]);

    [Theory]
    [MemberData(nameof(FreeBsd))]
    public void FreeBsd13_Feature_VerdictFollowsTheTwinAndTheCaptures(string featureId) =>
        Check(run.Cell("freebsd-13", Generation.Gen2, featureId), TwinGuestExpectations.FreeBsd(13)[featureId]);

    [Theory]
    [MemberData(nameof(FreeBsd))]
    public void FreeBsd14_Feature_VerdictFollowsTheTwinAndTheCaptures(string featureId) =>
        Check(run.Cell("freebsd-14", Generation.Gen2, featureId), TwinGuestExpectations.FreeBsd(14)[featureId]);

    [Fact]
    public void EveryFeature_HasAnExpectationForBothOsFamilies()
    {
        var all = FeatureCatalog.All.Select(f => f.Id).ToList();
        Assert.Equal(35, all.Count);
        Assert.Empty(all.Except(TwinGuestExpectations.Linux.Keys));
        Assert.Empty(all.Except(TwinGuestExpectations.FreeBsd(13).Keys));
    }

    private static TheoryData<string> Ids(OsFamily os) => new(FeatureCatalog.All.Select(f => f.Id));

    private static void Check(HvCert.Reporting.CellResult cell, Expect expect)
    {
        Assert.True(expect.Kinds.Contains(cell.Verdict), $"{cell.Key}: {cell.Verdict}: {cell.Reason} (expected {string.Join("/", expect.Kinds)}: {expect.Why})");
        if (expect.Reason is { } fragment && cell.Verdict == expect.Kinds[0])
        {
            Assert.Contains(fragment, cell.Reason, StringComparison.Ordinal);
        }
    }
}
