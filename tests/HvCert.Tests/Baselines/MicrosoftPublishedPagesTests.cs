using HvCert.Baselines;

namespace HvCert.Tests.Baselines;

/// <summary>
/// Microsoft's six per-distro pages, copied from MicrosoftDocs/windowsserverdocs (Samples/baselines/microsoft, source on
/// each first line). The expected columns, per-column mark counts and spot cells below were read off the pages by hand,
/// not taken from the importer: S = ✔ cells, B = blank cells, N = N/A cells among each column's feature cells.
/// </summary>
public sealed class MicrosoftPublishedPagesTests
{
    public static readonly string[] Pages = ["centos-rhel.md", "debian.md", "oracle.md", "suse.md", "ubuntu.md", "freebsd.md"];

    internal static string PagePath(string name) => Path.Combine(RepoPaths.Samples, "baselines", "microsoft", name);

    private static (BaselinePage Page, List<string> Warnings) Import(string name)
    {
        var warnings = new List<string>();
        return (MicrosoftPageImporter.Import(name, File.ReadAllText(PagePath(name)), warnings), warnings);
    }

    private static BaselineCell Cell(BaselinePage page, string feature, string target) =>
        page.Rows.Where(r => r.FeatureId == feature).SelectMany(r => r.Cells).Single(c => c.Target == target);

    /// <summary>Each column's (✔, blank, N/A) counts over its feature cells: every cell of the page counted once.</summary>
    private static void AssertTallies(BaselinePage page, params (string Target, int S, int B, int N)[] expected)
    {
        Assert.Equal(expected.Select(e => e.Target), page.Columns.Select(c => c.Target));
        foreach (var (target, s, b, n) in expected)
        {
            var cells = page.Rows.SelectMany(r => r.Cells).Where(c => c.Target == target).ToList();
            Assert.Equal((target, s, b, n), (target, cells.Count(c => c.Mark == BaselineMark.Supported),
                cells.Count(c => c.Mark == BaselineMark.NotSupported), cells.Count(c => c.Mark == BaselineMark.NotApplicable)));
        }
    }

    [Fact]
    public void Import_RedHatPage_FourteenColumnsLisAndBuiltInApart()
    {
        var (page, warnings) = Import("centos-rhel.md");
        Assert.Equal(476, page.Rows.Sum(r => r.Cells.Count)); // 14 columns x 34 features (no LRO row)
        Assert.Equal(["10.x", "9.x", "8.1-8.6+", "8.0", "7.5-7.7", "7.3-7.4", "7.0-7.2", "7.6-7.9", "7.5", "7.4", "7.3", "7.2", "7.1", "7.0"], page.Columns.Select(c => c.Label));
        Assert.Equal(["LIS 4.3", "LIS 4.3", "LIS 4.3", "Built-in"], page.Columns.Skip(4).Take(4).Select(c => c.Availability)); // "LIS Availability" row
        AssertTallies(page,
            ("centos-10.x", 33, 1, 0), ("centos-9.x", 33, 1, 0), ("centos-8.1-8.6+", 33, 0, 1), ("centos-8.0", 33, 0, 1),
            ("centos-7.5-7.7-lis", 33, 0, 1), ("centos-7.3-7.4-lis", 33, 0, 1), ("centos-7.0-7.2-lis", 30, 3, 1), ("centos-7.6-7.9", 30, 3, 1),
            ("centos-7.5", 29, 4, 1), ("centos-7.4", 29, 4, 1), ("centos-7.3", 27, 6, 1), ("centos-7.2", 26, 7, 1), ("centos-7.1", 24, 9, 1), ("centos-7.0", 21, 12, 1));
        Assert.Equal(BaselineMark.Supported, Cell(page, "storage.scsi-wwn", "centos-7.5-7.7-lis").Mark); // the LIS 7.5 column…
        Assert.Equal(BaselineMark.NotSupported, Cell(page, "storage.scsi-wwn", "centos-7.5").Mark);      // …and the built-in 7.5 column differ
        Assert.Equal([8, 9, 10], Cell(page, "memory.hot-add", "centos-7.0").Notes);
        Assert.Equal([9, 10], Cell(page, "memory.hot-add", "centos-7.1").Notes);
        Assert.Equal([4, 5], Cell(page, "storage.live-backup", "centos-7.6-7.9").Notes);
        Assert.Equal([14, 17], Cell(page, "gen2.uefi", "centos-8.1-8.6+").Notes);
        Assert.Equal(BaselineMark.NotSupported, Cell(page, "memory.pae", "centos-10.x").Mark);
        Assert.True(Cell(page, "misc.file-copy", "centos-7.0").Missing); // the row has 9 cells for 10 columns
        Assert.Equal(BaselineMark.Supported, Cell(page, "core.heartbeat", "centos-7.0").Mark); // from the Core row
        Assert.Equal(15, page.Notes.Count);
        Assert.StartsWith("RHEL 8.5 requires Windows Server 2019", page.Notes[15], StringComparison.Ordinal);
        Assert.StartsWith("Hot-Add support isn't enabled by default", page.Notes[8], StringComparison.Ordinal); // its steps "1. 2. 3." are not notes
        Assert.Equal(4, warnings.Count(w => w.Contains("row '>256 vCPUs' matches no feature", StringComparison.Ordinal))); // no group-row warnings
        Assert.Single(warnings, w => w.Contains(":202: row 'File copy from host to guest' has 9 release cells", StringComparison.Ordinal));
        Assert.Equal(5, warnings.Count);
    }

    [Fact]
    public void Import_SusePage_SevenColumnsNamedFromTheirFullText()
    {
        var (page, warnings) = Import("suse.md");
        Assert.Empty(warnings);
        Assert.Equal(238, page.Rows.Sum(r => r.Cells.Count));
        AssertTallies(page,
            ("sles-15-sp1-sp4", 33, 0, 1), ("sles-15", 33, 0, 1), ("sles-12-sp3-sp5", 33, 0, 1), ("sles-12-sp2", 32, 1, 1),
            ("sles-12-sp1", 27, 6, 1), ("sles-11-sp4", 25, 9, 0), ("sles-11-sp3", 21, 13, 0));
        Assert.All(page.Columns, c => Assert.Equal("Built-in", c.Availability));
        Assert.Equal([2, 3, 8], Cell(page, "storage.live-backup", "sles-15").Notes); // "✔Note 2,3,8"
        Assert.Equal([1], Cell(page, "net.static-ip", "sles-11-sp3").Notes);          // "✔Note 1"
        Assert.Equal([4, 5, 6], Cell(page, "memory.ballooning", "sles-11-sp4").Notes);
        Assert.Equal(BaselineMark.Supported, Cell(page, "memory.pae", "sles-11-sp3").Mark);
        Assert.Equal(BaselineMark.NotSupported, Cell(page, "misc.hv-sockets", "sles-12-sp2").Mark);
        Assert.Equal(BaselineMark.Supported, Cell(page, "gen2.secure-boot", "sles-12-sp1").Mark);
        Assert.Equal(9, page.Notes.Count);
    }

    [Fact]
    public void Import_DebianOracleUbuntuPages_EveryColumnCounted()
    {
        var (debian, dw) = Import("debian.md");
        AssertTallies(debian, ("debian-11-bullseye", 31, 3, 0), ("debian-10.0-10.3-buster", 31, 3, 0));
        Assert.Equal(68, debian.Rows.Sum(r => r.Cells.Count));
        Assert.Equal(BaselineMark.NotSupported, Cell(debian, "net.static-ip", "debian-11-bullseye").Mark);
        Assert.Equal([4], Cell(debian, "core.accurate-time", "debian-10.0-10.3-buster").Notes);
        Assert.Equal(5, debian.Notes.Count); // written "1. 1. 1. 1. 1.", rendered 1-5
        Assert.StartsWith("The latest upstream kernel capabilities", debian.Notes[4], StringComparison.Ordinal);

        var (oracle, ow) = Import("oracle.md");
        AssertTallies(oracle, ("oracle-9.0-rhck", 33, 0, 1), ("oracle-8.0-8.5-rhck", 33, 0, 1));
        Assert.Equal([4, 5, 6], Cell(oracle, "memory.hot-add", "oracle-9.0-rhck").Notes);
        Assert.Equal(7, oracle.Notes.Count);

        var (ubuntu, uw) = Import("ubuntu.md");
        AssertTallies(ubuntu, ("ubuntu-22.04-lts", 34, 0, 0), ("ubuntu-20.04-lts", 34, 0, 0), ("ubuntu-18.04-lts", 34, 0, 0), ("ubuntu-16.04-lts", 34, 0, 0));
        Assert.Empty(Cell(ubuntu, "gen2.uefi", "ubuntu-22.04-lts").Notes);
        Assert.Equal([10, 11], Cell(ubuntu, "gen2.uefi", "ubuntu-20.04-lts").Notes);
        Assert.Equal([5, 9], Cell(ubuntu, "misc.kvp", "ubuntu-16.04-lts").Notes); // "Key/value pair" alias
        Assert.Equal(12, ubuntu.Notes.Count);
        Assert.StartsWith("In order to perform live migrations", ubuntu.Notes[12], StringComparison.Ordinal);
        Assert.Empty(dw.Concat(ow).Concat(uw));
    }

    [Fact]
    public void Import_FreeBsdPage_LroRowAndGroupRowNotesIgnored()
    {
        var (page, warnings) = Import("freebsd.md");
        Assert.Empty(warnings); // the Storage group row carries "Note 1" cells: still a group row, not an error
        Assert.Equal(105, page.Rows.Sum(r => r.Cells.Count)); // 3 columns x 35 features
        AssertTallies(page, ("freebsd-13.0-13.5", 24, 11, 0), ("freebsd-12.0-12.4", 24, 11, 0), ("freebsd-11.0-11.4", 24, 11, 0));
        Assert.Equal(BaselineMark.Supported, Cell(page, "net.lro", "freebsd-11.0-11.4").Mark);
        Assert.Equal([6], Cell(page, "storage.vhdx-resize", "freebsd-12.0-12.4").Notes);
        Assert.Equal([2], Cell(page, "net.jumbo-frames", "freebsd-13.0-13.5").Notes);
        Assert.Equal("9126 is the maximum supported MTU size.", page.Notes[2]);
    }

    [Fact]
    public void Import_CoreRow_ExpandsToTheCoreFeaturesWithoutTheirOwnRow()
    {
        var (page, _) = Import("oracle.md");
        var core = page.Rows.Where(r => r.Name == "Core").Select(r => r.FeatureId).Distinct().Order().ToList();
        Assert.Equal(["core.heartbeat", "core.mouse", "core.multiprocessing", "core.network-device", "core.shutdown", "core.storage-device", "core.time-sync"], core);
        Assert.DoesNotContain(page.Rows, r => r.Name == "Core" && r.FeatureId == "core.accurate-time"); // it has its own row
        Assert.Equal(BaselineMark.Supported, Cell(page, "core.accurate-time", "oracle-8.0-8.5-rhck").Mark);
    }
}
