using System.Text;

namespace HvCert.Reporting;

/// <summary>
/// Renders every format into a run directory. Renders all formats in memory first so a failure leaves no partial
/// report, then replaces each file atomically (write to a temp name, then move).
/// </summary>
public static class ReportWriter
{
    public static IReadOnlyList<string> WriteAll(RunResults results, string runDir, IEnumerable<IReportRenderer>? renderers = null)
    {
        var files = (renderers ?? ReportRenderers.All).SelectMany(r => r.Render(results)).ToList();
        var allureDir = Path.Combine(runDir, AllureLayout.Directory);
        if (Directory.Exists(allureDir) && files.Any(f => f.RelativePath.StartsWith(AllureLayout.Directory + "/", StringComparison.Ordinal)))
        {
            // Stale result files from an earlier rendering would show up as extra tests in Allure.
            Directory.Delete(allureDir, recursive: true);
        }

        var written = new List<string>(files.Count);
        foreach (var file in files)
        {
            var path = Path.Combine(runDir, file.RelativePath.Replace('/', Path.DirectorySeparatorChar));
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            var temp = path + ".tmp";
            File.WriteAllText(temp, file.Content, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
            File.Move(temp, path, overwrite: true);
            written.Add(path);
        }

        return written;
    }
}

/// <summary>The report files of a run directory, removed before a rendering so none can outlive the evidence it showed.</summary>
public static class StaleReports
{
    private static readonly string[] Files =
    [
        Renderers.SupportMatrixRenderer.FileName, Renderers.HtmlReportRenderer.FileName,
        Renderers.ResultsJsonRenderer.FileName, Renderers.JUnitRenderer.FileName,
    ];

    /// <summary>Deletes the reports (and leftover .tmp files) of <paramref name="runDir"/>; evidence and inputs stay.</summary>
    public static void Remove(string runDir)
    {
        foreach (var name in Files)
        {
            File.Delete(Path.Combine(runDir, name));
            File.Delete(Path.Combine(runDir, name + ".tmp"));
        }

        var allure = Path.Combine(runDir, AllureLayout.Directory);
        if (Directory.Exists(allure))
        {
            Directory.Delete(allure, recursive: true);
        }
    }
}

internal static class AllureLayout
{
    public const string Directory = "allure-results";
}
