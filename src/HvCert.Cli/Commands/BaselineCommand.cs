using System.CommandLine;
using HvCert.Baselines;
using HvCert.Reporting;
using HvCert.Validation;

namespace HvCert.Cli.Commands;

/// <summary>`hvcert baseline import &lt;page.md&gt;… [--output file]`: Microsoft's per-distro pages into a baseline file.</summary>
internal static class BaselineCommand
{
    /// <summary>The file written when --output is not given: a fixed name in the current folder, never one derived from page text.</summary>
    public const string DefaultOutput = "baseline.yaml";

    public static Command Build()
    {
        var pages = new Argument<string[]>("pages") { Description = "Microsoft's 'Supported … virtual machines on Hyper-V' pages (Markdown source).", Arity = ArgumentArity.OneOrMore };
        var output = new Option<string?>("--output") { Description = $"Baseline file to write (default ./{DefaultOutput}; never a name taken from the pages)." };
        var import = new Command("import", "Read published support tables into a baseline file for 'hvcert diff'.") { pages, output };
        import.SetAction(r => Import(r.GetValue(pages)!, r.GetValue(output), Console.Out, Console.Error));
        return new Command("baseline", "Baselines from Microsoft's published tables.") { import };
    }

    internal static int Import(IReadOnlyList<string> pages, string? output, TextWriter stdout, TextWriter stderr) =>
        Import(pages, output, stdout, stderr, Environment.CurrentDirectory);

    /// <param name="workingDirectory">Where a relative --output (and the default name) lands; tests pass a temporary folder.</param>
    internal static int Import(IReadOnlyList<string> pages, string? output, TextWriter stdout, TextWriter stderr, string workingDirectory)
    {
        var warnings = new List<string>();
        BaselineFile file;
        try
        {
            file = new BaselineFile(pages.Select(p => File.Exists(p)
                ? MicrosoftPageImporter.Import(p, InputLimits.ReadText(p, "page"), warnings)
                : throw new ReportInputException(p, 1, 1, "no such page file.")).ToList());
        }
        catch (ReportInputException ex)
        {
            stderr.WriteLine($"hvcert baseline import: {TextEscaping.Visible(ex.Message)}");
            return ExitCodes.BadInput;
        }
        catch (InputException ex)
        {
            CliOutput.PrintDiagnostics(stderr, ex.Diagnostics);
            return ExitCodes.BadInput;
        }

        // Page text reaches the terminal: control characters and bidi overrides are shown as escapes.
        foreach (var w in warnings) stderr.WriteLine($"hvcert baseline import: warning: {TextEscaping.Visible(w)}");
        if (DuplicateTarget(file) is { } clash)
        {
            stderr.WriteLine($"hvcert baseline import: {TextEscaping.Visible(clash)}");
            return ExitCodes.BadInput;
        }

        var path = output ?? DefaultOutput;
        var full = Path.GetFullPath(path, workingDirectory);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        File.WriteAllText(full, BaselineYaml.Serialize(file));
        foreach (var page in file.Pages)
        {
            stdout.WriteLine($"{TextEscaping.Visible(page.Source)}: {TextEscaping.Visible(TextEscaping.Cap(page.Title, 120).ReplaceLineEndings(" "))}: {page.Columns.Count} releases, "
                + $"{page.Rows.Select(r => r.FeatureId).Distinct().Count()} features, {page.Rows.Sum(r => r.Cells.Count)} cells, {page.Notes.Count} notes");
        }

        stdout.WriteLine($"wrote {path} ({file.CellCount} cells, {warnings.Count} warnings)");
        return ExitCodes.Ok;
    }

    /// <summary>Two pages (or one page given twice) publishing the same target would make the diff's answer depend on argument order.</summary>
    private static string? DuplicateTarget(BaselineFile file)
    {
        var seen = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var page in file.Pages)
        {
            foreach (var column in page.Columns)
            {
                if (seen.TryGetValue(column.Target, out var first))
                {
                    return $"{page.Source}:1:1: release column '{TextEscaping.Cap(column.Label, 60)}' is target '{column.Target}', which {first} already publishes; give each page once.";
                }

                seen[column.Target] = page.Source;
            }
        }

        return null;
    }
}
