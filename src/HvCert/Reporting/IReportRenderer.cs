namespace HvCert.Reporting;

/// <summary>
/// Extension point: one output format. A renderer is a pure function of the read model; writing to disk is the
/// caller's job, which keeps every format snapshot-testable. Register new renderers in <see cref="ReportRenderers"/>.
/// </summary>
public interface IReportRenderer
{
    /// <summary>Short format name used on the command line, e.g. <c>markdown</c>.</summary>
    string Format { get; }

    IReadOnlyList<ReportFile> Render(RunResults results);
}

/// <summary>A file a renderer produced, relative to the run directory (may contain '/').</summary>
public sealed record ReportFile(string RelativePath, string Content);
