using HvCert.Reporting;
using HvCert.Reporting.Renderers;

namespace HvCert.Tests.Reporting;

/// <summary>Every renderer's output for the sample run, compared with approved files.</summary>
public sealed class RendererSnapshotTests
{
    private static readonly RunResults Results = SampleRun.Results();

    [Fact]
    public void Render_SupportMatrix_MatchesApproved() =>
        Approved.Verify("support-matrix.md", Assert.Single(new SupportMatrixRenderer().Render(Results)).Content);

    /// <summary>The same cells from a Hyper-V run: Microsoft's layout column for column, no lab title, no stand-in column.</summary>
    [Fact]
    public void Render_SupportMatrixOfHyperVRun_KeepsMicrosoftsLayout()
    {
        var hyperV = Results with { Run = Results.Run with { Backend = HvCert.Hosts.BackendKind.HyperV } };
        var content = Assert.Single(new SupportMatrixRenderer().Render(hyperV)).Content;

        Approved.Verify("support-matrix.hyperv.md", content);
        Assert.StartsWith("# Linux and FreeBSD guests on Hyper-V: feature support", content, StringComparison.Ordinal);
        Assert.Contains("| Feature | Windows Server version | 12 | 11 |", content, StringComparison.Ordinal);
        Assert.DoesNotContain("Tested on the lab as", content, StringComparison.Ordinal);
        Assert.DoesNotContain("QEMU lab run", content, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_LabRun_TitledAsLabAndEachRowNamesItsStandIn()
    {
        var md = Assert.Single(new SupportMatrixRenderer().Render(Results)).Content;
        var html = Assert.Single(new HtmlReportRenderer().Render(Results)).Content;

        Assert.StartsWith("# QEMU lab run:", md, StringComparison.Ordinal);
        Assert.DoesNotContain("guests on Hyper-V", md, StringComparison.Ordinal);
        Assert.Contains("| Jumbo frames | virtio-net-pci on a tap at MTU 9000, for hv\\_netvsc | qemu |", md, StringComparison.Ordinal);
        Assert.Contains("<h1>HvCert QEMU lab run <span", html, StringComparison.Ordinal);
        Assert.Contains("<tr><th>Jumbo frames</th><td>virtio-net-pci on a tap at MTU 9000, for hv_netvsc</td></tr>", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_ResultsJson_MatchesApproved() =>
        Approved.Verify("results.json", Assert.Single(new ResultsJsonRenderer().Render(Results)).Content);

    [Fact]
    public void Render_JUnit_MatchesApproved() =>
        Approved.Verify("junit.xml", Assert.Single(new JUnitRenderer().Render(Results)).Content);

    [Fact]
    public void Render_Html_MatchesApproved() =>
        Approved.Verify("report.html", Assert.Single(new HtmlReportRenderer().Render(Results)).Content);

    [Fact]
    public void Render_Allure_MatchesApproved()
    {
        var files = new AllureRenderer().Render(Results).OrderBy(f => f.RelativePath, StringComparer.Ordinal);
        Approved.Verify("allure-results.txt", string.Concat(files.Select(f => $"===== {f.RelativePath}\n{f.Content}\n")));
    }

    [Fact]
    public void Render_Twice_ProducesIdenticalFiles()
    {
        var again = SampleRun.Results();
        foreach (var renderer in ReportRenderers.All)
        {
            Assert.Equal(renderer.Render(Results), renderer.Render(again));
        }
    }

    /// <summary>The committed fixture run .ci/run renders with the real Allure CLI; this keeps it equal to the sample.</summary>
    [Fact]
    public void SampleEvidence_CommittedFixture_MatchesSample() =>
        Approved.Verify("sample-run.evidence.jsonl", string.Concat(SampleRun.Events().Select(e =>
            System.Text.Json.JsonSerializer.Serialize(e, HvCert.Evidence.EvidenceJson.Line) + "\n")));
}
