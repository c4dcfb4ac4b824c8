using HvCert.Baselines;
using HvCert.Catalog;
using HvCert.Cli;
using HvCert.Cli.Commands;
using HvCert.Tests.Baselines;

namespace HvCert.Tests.Cli.Commands;

public sealed class BaselineCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("hvcert-baseline-import-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Import_SixPublishedPagesAtOnce_OneTargetPerColumnEveryCellWritten()
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();

        var exit = BaselineCommand.Import(MicrosoftPublishedPagesTests.Pages.Select(MicrosoftPublishedPagesTests.PagePath).ToList(), "all.yaml", stdout, stderr, _dir);

        Assert.Equal(ExitCodes.Ok, exit);
        var file = BaselineYaml.Load(Path.Combine(_dir, "all.yaml"));
        Assert.Equal([476, 68, 68, 238, 136, 105], file.Pages.Select(p => p.Rows.Sum(r => r.Cells.Count)));
        Assert.Equal(1091, file.CellCount);
        var columns = file.Pages.SelectMany(p => p.Columns).ToList();
        Assert.Equal(32, columns.Count); // 14 + 2 + 2 + 7 + 4 + 3
        Assert.Equal(columns.Count, columns.Select(c => c.Target).Distinct().Count());
        var coreIds = FeatureCatalog.All.Where(f => f.Group == FeatureGroup.Core).Select(f => f.Id).ToList();
        Assert.All(file.Pages, p => Assert.All(coreIds, id => Assert.Contains(p.Rows, r => r.FeatureId == id))); // the Core row expanded
        Assert.Contains("wrote all.yaml (1091 cells, 5 warnings)", stdout.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Import_NoOutputAndATitleWithDotDot_WritesOnlyTheFixedNameInTheWorkingFolder()
    {
        var work = Directory.CreateDirectory(Path.Combine(_dir, "work", "deeper")).FullName;
        var page = Path.Combine(_dir, "page.md");
        File.WriteAllText(page, "---\ntitle: Supported ../../../suites/full virtual machines on Hyper-V\n---\n"
            + "|Feature|Windows Server version|../../x|\n|-|-|-|\n|Heartbeat|2019|✔|\n");

        var exit = BaselineCommand.Import([page], null, TextWriter.Null, TextWriter.Null, work);

        Assert.Equal(ExitCodes.Ok, exit);
        Assert.Equal([Path.Combine(work, BaselineCommand.DefaultOutput)], Directory.EnumerateFiles(_dir, "*.yaml", SearchOption.AllDirectories));
        var target = Assert.Single(BaselineYaml.Load(Path.Combine(work, BaselineCommand.DefaultOutput)).Pages[0].Columns).Target;
        Assert.Equal("suitesfull-x", target); // "../../x" and the title's "../": dots and slashes never reach an id
    }

    [Fact]
    public void Import_SamePageTwice_ExitsBadInputAndWritesNothing()
    {
        using var stderr = new StringWriter();
        var suse = MicrosoftPublishedPagesTests.PagePath("suse.md");

        var exit = BaselineCommand.Import([suse, suse], "b.yaml", TextWriter.Null, stderr, _dir);

        Assert.Equal(ExitCodes.BadInput, exit);
        Assert.Contains("target 'sles-15-sp1-sp4'", stderr.ToString(), StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(_dir, "b.yaml")));
    }

    [Theory]
    [InlineData("|Heartbeat|2019|✔ Note 99999999999|\n", 5, 17)]
    [InlineData("|Heartbeat|2019|✔ Note 2147483648|\n", 5, 17)]
    [InlineData("|Heartbeat|2019|✔|\n\n## Notes\n\n99999999999999999999. A note.\n", 9, 1)]
    public void Import_HugeNoteNumber_ExitsBadInputWithPlace(string rest, int line, int column)
    {
        var page = Path.Combine(_dir, "p.md");
        File.WriteAllText(page, "# Supported Debian virtual machines on Hyper-V\n\n|Feature|Windows Server version|12|\n|-|-|-|\n" + rest);
        using var stderr = new StringWriter();

        var exit = BaselineCommand.Import([page], "b.yaml", TextWriter.Null, stderr, _dir);

        Assert.Equal(ExitCodes.BadInput, exit);
        Assert.Contains($"p.md:{line}:{column}: note number", stderr.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", stderr.ToString(), StringComparison.Ordinal);
    }
}
