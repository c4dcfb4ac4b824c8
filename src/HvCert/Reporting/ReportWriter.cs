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

internal static class AllureLayout
{
    public const string Directory = "allure-results";
}
