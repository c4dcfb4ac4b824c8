using HvCert.Baselines;
using HvCert.Catalog;
using HvCert.Cli;
using HvCert.Cli.Commands;
using HvCert.Reporting;
using HvCert.Tests.Reporting;

namespace HvCert.Tests.Baselines;

public sealed class BaselineDiffTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("hvcert-diff-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static BaselineFile Debian() =>
        new([MicrosoftPageImporter.Import("debian.md", File.ReadAllText(Path.Combine(RepoPaths.Samples, "baselines", "debian.md")), [])]);

    private static IEnumerable<string> Keys(DiffReport report, DiffKind kind) =>
        report.Entries.Where(e => e.Kind == kind).Select(e => $"{e.Cell.Key.Target}/{e.Cell.Key.Generation}/{e.Cell.Key.FeatureId}");

    [Fact]
    public void Compare_SampleRunWithDebianPage_ClassifiesEveryCell()
    {
        var report = BaselineDiff.Compare(SampleRun.Results(), Debian());
        Assert.Equal(["debian-11/Gen1/net.jumbo-frames", "debian-12/Gen2/net.jumbo-frames"], Keys(report, DiffKind.Regression));
        Assert.Equal(["debian-12/Gen1/net.sriov", "debian-12/Gen2/net.sriov"], Keys(report, DiffKind.Disagreement));
        Assert.Equal(["debian-11/Gen1/core.heartbeat", "debian-11/Gen1/misc.kvp"], Keys(report, DiffKind.Unverified)); // Error/Skipped are never regressions
        Assert.Empty(Keys(report, DiffKind.Fix));
        Assert.Equal(2, report.Unmatched); // the two FreeBSD cells are not on the Debian page
        Assert.True(report.HasRegressions);
        var regression = report.Entries.First(e => e.Kind == DiffKind.Regression).ToString();
        Assert.Contains("published ✔ at debian.md:", regression, StringComparison.Ordinal);
    }

    [Fact]
    public void Compare_PublishedBlankRunSupported_IsAFix()
    {
        var baseline = Debian();
        var page = baseline.Pages[0];
        var rows = page.Rows.Select(r => r.FeatureId == "core.time-sync"
            ? r with { Cells = r.Cells.Select(c => c with { Mark = BaselineMark.NotSupported }).ToList() } : r).ToList();
        var report = BaselineDiff.Compare(SampleRun.Results(), new BaselineFile([page with { Rows = rows }]));
        Assert.Equal(["debian-11/Gen1/core.time-sync", "debian-12/Gen1/core.time-sync", "debian-12/Gen2/core.time-sync"], Keys(report, DiffKind.Fix));
    }

    [Fact]
    public void YamlRoundTrip_ImportedPages_SameCells()
    {
        var path = Path.Combine(_dir, "b.yaml");
        var original = new BaselineFile(new[] { "debian.md", "ubuntu.md", "freebsd.md" }
            .Select(n => MicrosoftPageImporter.Import(n, File.ReadAllText(Path.Combine(RepoPaths.Samples, "baselines", n)), [])).ToList());
        File.WriteAllText(path, BaselineYaml.Serialize(original));
        var loaded = BaselineYaml.Load(path);
        Assert.Equal(102 + 76 + 84, loaded.CellCount);
        Assert.Equal(
            original.Pages.SelectMany(p => p.Rows.SelectMany(r => r.Cells.Select(c => (r.FeatureId, r.Line, c.Target, c.Mark, string.Join(",", c.Notes), c.Missing)))),
            loaded.Pages.SelectMany(p => p.Rows.SelectMany(r => r.Cells.Select(c => (r.FeatureId, r.Line, c.Target, c.Mark, string.Join(",", c.Notes), c.Missing)))));
    }

    [Fact]
    public void Load_BrokenYaml_ReportsFileLineColumn()
    {
        var path = Path.Combine(_dir, "bad.yaml");
        File.WriteAllText(path, "pages:\n- title: x\n  rows: [\n");
        var ex = Assert.Throws<ReportInputException>(() => BaselineYaml.Load(path));
        Assert.StartsWith(path + ":", ex.Message, StringComparison.Ordinal);
        Assert.True(ex.Line >= 3);
    }

    [Fact]
    public void DiffCommand_RegressionInRun_ExitsOneAndListsCells()
    {
        SampleRun.WriteRunDir(_dir);
        var baseline = Path.Combine(_dir, "debian.yaml");
        using var err = new StringWriter();
        using var outWriter = new StringWriter();
        Assert.Equal(ExitCodes.Ok, BaselineCommand.Import([Path.Combine(RepoPaths.Samples, "baselines", "debian.md")], baseline, outWriter, err));
        Assert.Contains("102 cells", outWriter.ToString(), StringComparison.Ordinal);
        using var diffOut = new StringWriter();
        Assert.Equal(ExitCodes.CertificationFailed, DiffCommand.Execute(_dir, baseline, diffOut, err));
        Assert.Contains("REGRESSION   debian-12 Gen2 on qemu net.jumbo-frames", diffOut.ToString(), StringComparison.Ordinal);
        Assert.Contains("2 regressions, 0 fixes, 2 disagreements, 2 unverified", diffOut.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void DiffCommand_MissingBaseline_ExitsBadInput()
    {
        SampleRun.WriteRunDir(_dir);
        using var err = new StringWriter();
        Assert.Equal(ExitCodes.BadInput, DiffCommand.Execute(_dir, Path.Combine(_dir, "none.yaml"), TextWriter.Null, err));
        Assert.Contains("baseline import", err.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void ShippedBaseline_MatchesImportOfItsPage()
    {
        var shipped = Path.Combine(RepoPaths.Root, "matrices", "baselines", "debian.yaml");
        var page = MicrosoftPageImporter.Import("tests/HvCert.Tests/Samples/baselines/debian.md",
            File.ReadAllText(Path.Combine(RepoPaths.Samples, "baselines", "debian.md")), []);
        Assert.Equal(BaselineYaml.Serialize(new BaselineFile([page])), File.ReadAllText(shipped));
        Assert.Equal(FeatureCatalog.All.Count - 1, page.Rows.Count); // the Debian page has no LRO row
    }
}
