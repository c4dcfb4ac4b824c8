using HvCert.Cli.Commands;

namespace HvCert.Tests.Cli.Commands;

public sealed class NotOfferedSummaryTests
{
    private const string NoQemu = "qemu-system-x86_64 is not installed (run 'hvcert lab install-deps')";

    [Fact]
    public void WhenMost_MostCellsNotOffered_NamesEachReasonOnceMostCellsFirst()
    {
        var cells = Enumerable.Range(0, 8).Select(i => ($"f.{i}", NoQemu)).Append(("storage.fibre-channel", "QEMU has no virtual Fibre Channel adapter")).ToList();

        var lines = NotOfferedSummary.WhenMost(cells, totalCells: 12);

        Assert.Equal(
        [
            "9 of 12 cells are Not offered by this host; by reason:",
            $"  8 cells (8 features: f.0, f.1, f.2, f.3, f.4, f.5 and 2 more): {NoQemu}",
            "  1 cell (1 feature: storage.fibre-channel): QEMU has no virtual Fibre Channel adapter",
        ], lines);
    }

    [Fact]
    public void WhenMost_AWarmLabRun_PrintsNothing() =>
        Assert.Empty(NotOfferedSummary.WhenMost(Enumerable.Range(0, 14).Select(i => ($"f.{i}", "why")).ToList(), totalCells: 70));

    [Fact]
    public void Grouped_SameFeatureOnTwoGenerations_CountsCellsButNamesTheFeatureOnce() =>
        Assert.Equal(["  2 cells (1 feature: core.heartbeat): why"], NotOfferedSummary.Grouped([("core.heartbeat", "why"), ("core.heartbeat", "why")]));
}
