using HvCert.Reporting.Renderers;

namespace HvCert.Reporting;

/// <summary>The renderers `hvcert report` runs, in order. Explicit list: add a format by adding a line.</summary>
public static class ReportRenderers
{
    public static IReadOnlyList<IReportRenderer> All { get; } =
    [
        new SupportMatrixRenderer(),
        new HtmlReportRenderer(),
        new ResultsJsonRenderer(),
        new JUnitRenderer(),
        new AllureRenderer(),
    ];
}
