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
