using HvCert.Baselines;
using HvCert.Reporting;

namespace HvCert.Tests.Baselines;

public sealed class MicrosoftPageImporterTests
{
    private static string PagePath(string name) => Path.Combine(RepoPaths.Samples, "baselines", name);

    private static (BaselinePage Page, List<string> Warnings) Import(string name)
    {
        var warnings = new List<string>();
        return (MicrosoftPageImporter.Import(name, File.ReadAllText(PagePath(name)), warnings), warnings);
    }

    private static BaselineCell Cell(BaselinePage page, string feature, string target) =>
        page.Rows.Single(r => r.FeatureId == feature).Cells.Single(c => c.Target == target);

    [Fact]
    public void Import_DebianPage_YieldsEveryCellWithEntitiesNotesAndNa()
    {
        var (page, warnings) = Import("debian.md");
        Assert.Equal("Supported Debian virtual machines on Hyper-V", page.Title);
        Assert.Equal(["debian-12-bookworm", "debian-11-bullseye", "debian-10-buster"], page.Columns.Select(c => c.Target));
        Assert.All(page.Columns, c => Assert.Equal("Built in", c.Availability));
        Assert.Equal(34, page.Rows.Count); // every feature row; the 7 group rows are not features
        Assert.All(page.Rows, r => Assert.Equal(3, r.Cells.Count));
        Assert.Equal(BaselineMark.Supported, Cell(page, "core.shutdown", "debian-12-bookworm").Mark);
        Assert.Equal([2, 3], Cell(page, "storage.live-backup", "debian-12-bookworm").Notes);
        Assert.Equal(BaselineMark.NotApplicable, Cell(page, "memory.pae", "debian-11-bullseye").Mark);
        Assert.Equal(BaselineMark.NotSupported, Cell(page, "core.accurate-time", "debian-10-buster").Mark);
        Assert.Equal(BaselineMark.NotSupported, Cell(page, "misc.lsvmbus", "debian-12-bookworm").Mark);
        Assert.Equal("2025, 2022, 2019, 2016", page.Rows.Single(r => r.FeatureId == "net.sriov").Hosts);
        Assert.Equal(5, page.Notes.Count);
        Assert.StartsWith("Static IP injection may not work", page.Notes[1], StringComparison.Ordinal);
        // The TRIM row has a missing cell: read as blank, flagged, and reported with its line.
        var trim = Cell(page, "storage.trim", "debian-10-buster");
        Assert.True(trim.Missing);
        Assert.Equal(BaselineMark.NotSupported, trim.Mark);
        Assert.Contains(warnings, w => w.StartsWith("debian.md:39:", StringComparison.Ordinal));
    }

    [Fact]
    public void Import_UbuntuPage_MatchesSpellingVariantsAndReportsUnknownRowWithLine()
    {
        var (page, warnings) = Import("ubuntu.md");
        Assert.Equal(["ubuntu-24.04-lts", "ubuntu-22.04-lts", "ubuntu-20.04-lts", "ubuntu-18.04-lts"], page.Columns.Select(c => c.Target));
        Assert.Equal(19, page.Rows.Count); // 16 rows, and the Core row stands for multiprocessing, heartbeat and mouse
        Assert.Equal(76, page.Rows.Sum(r => r.Cells.Count));
        foreach (var id in new[] { "core.time-sync", "core.accurate-time", "core.storage-device", "net.sriov", "storage.fibre-channel", "memory.hot-add", "misc.kvp", "gen2.uefi", "gen2.secure-boot" })
        {
            Assert.Contains(page.Rows, r => r.FeatureId == id);
        }

        Assert.Equal([3, 4], Cell(page, "net.lro", "ubuntu-24.04-lts").Notes);
        Assert.Equal(BaselineMark.NotSupported, Cell(page, "net.lro", "ubuntu-18.04-lts").Mark);
        Assert.Equal("2019, 2016, 2012 R2", page.Rows[0].Hosts);
        var unknown = Assert.Single(warnings);
        Assert.StartsWith("ubuntu.md:21:2: row 'Hyper-V Replica heartbeat' matches no feature", unknown, StringComparison.Ordinal);
    }

    [Fact]
    public void Import_FreeBsdPageWithoutClosingPipes_ReadsRangesAndShortRows()
    {
        var (page, warnings) = Import("freebsd.md");
        Assert.Equal(["freebsd-14.0-14.x", "freebsd-13.0-13.2", "freebsd-12.0-12.4"], page.Columns.Select(c => c.Target));
        Assert.Equal(28, page.Rows.Count);
        Assert.All(page.Rows, r => Assert.Equal(3, r.Cells.Count));
        Assert.Equal(BaselineMark.Supported, Cell(page, "misc.kvp", "freebsd-13.0-13.2").Mark); // "Key-Value Pair Exchange" alias
        Assert.Equal(BaselineMark.NotSupported, Cell(page, "memory.hot-add", "freebsd-14.0-14.x").Mark);
        Assert.True(Cell(page, "gen2.secure-boot", "freebsd-12.0-12.4").Missing);
        Assert.Equal([6], Cell(page, "storage.vhdx-resize", "freebsd-14.0-14.x").Notes);
        Assert.Equal(10, warnings.Count);
        Assert.All(warnings, w => Assert.Contains("missing cells read as blank", w, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("|Heartbeat|2019|Maybe|", 3, 17)]
    [InlineData("|Heartbeat|2019|✔ partly|", 3, 17)]
    public void Import_UnreadableCell_ThrowsWithLineAndColumn(string row, int line, int column)
    {
        var page = $"# Supported Debian virtual machines on Hyper-V\n|Feature|Windows Server version|12|\n{row}\n".Replace("|12|\n", "|12|\n|-|-|-|\n", StringComparison.Ordinal);
        var ex = Assert.Throws<ReportInputException>(() => MicrosoftPageImporter.Import("p.md", page, []));
        Assert.Equal((line + 1, column), (ex.Line, ex.Column));
        Assert.Contains("not ✔", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Import_PageWithoutTable_ThrowsBadInput()
    {
        var ex = Assert.Throws<ReportInputException>(() => MicrosoftPageImporter.Import("p.md", "---\ntitle: Supported Debian virtual machines on Hyper-V\n---\nno table\n", []));
        Assert.Contains("no feature table", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("debian", "12 (bookworm)", "", "debian-12-bookworm")]
    [InlineData("debian", "10.0-10.3 (buster)", "Built in", "debian-10.0-10.3-buster")]
    [InlineData("ubuntu", "24.04 LTS", "Built-in", "ubuntu-24.04-lts")]
    [InlineData("centos", "7.5-7.7", "LIS 4.3", "centos-7.5-7.7-lis")]
    [InlineData("centos", "7.5", "Built-in", "centos-7.5")]
    [InlineData("suse", "SLES 15 SP1-SP4", "Built-in", "sles-15-sp1-sp4")]
    [InlineData("freebsd", "../../etc", "", "freebsd-etc")]
    public void TargetOf_FullColumnText_UniqueTargetId(string distro, string label, string availability, string target) =>
        Assert.Equal(target, MicrosoftPageImporter.TargetOf(distro, label, availability));
}
