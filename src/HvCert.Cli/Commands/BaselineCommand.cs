using System.CommandLine;
using HvCert.Baselines;
using HvCert.Reporting;

namespace HvCert.Cli.Commands;

/// <summary>`hvcert baseline import &lt;page.md&gt;… [--output file]`: Microsoft's per-distro pages into a baseline file.</summary>
internal static class BaselineCommand
{
    public static Command Build()
    {
        var pages = new Argument<string[]>("pages") { Description = "Microsoft's 'Supported … virtual machines on Hyper-V' pages (Markdown source).", Arity = ArgumentArity.OneOrMore };
        var output = new Option<string?>("--output") { Description = "Baseline file to write (default matrices/baselines/<distro>.yaml)." };
        var import = new Command("import", "Read published support tables into a baseline file for 'hvcert diff'.") { pages, output };
        import.SetAction(r => Import(r.GetValue(pages)!, r.GetValue(output), Console.Out, Console.Error));
        return new Command("baseline", "Baselines from Microsoft's published tables.") { import };
    }

    internal static int Import(IReadOnlyList<string> pages, string? output, TextWriter stdout, TextWriter stderr)
    {
        var warnings = new List<string>();
        BaselineFile file;
        try
        {
            file = new BaselineFile(pages.Select(p => File.Exists(p)
                ? MicrosoftPageImporter.Import(p, File.ReadAllText(p), warnings)
                : throw new ReportInputException(p, 1, 1, "no such page file.")).ToList());
        }
        catch (ReportInputException ex)
        {
            stderr.WriteLine($"hvcert baseline import: {ex.Message}");
            return ExitCodes.BadInput;
        }

        foreach (var w in warnings) stderr.WriteLine($"hvcert baseline import: warning: {w}");
        var path = output ?? Path.Combine("matrices", "baselines", string.Join("-", file.Pages.Select(p => p.Distro).Distinct()) + ".yaml");
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        File.WriteAllText(path, BaselineYaml.Serialize(file));
        foreach (var page in file.Pages)
        {
            stdout.WriteLine($"{page.Source}: {page.Title}: {page.Columns.Count} releases, {page.Rows.Count} feature rows, "
                + $"{page.Rows.Sum(r => r.Cells.Count)} cells, {page.Notes.Count} notes");
        }

        stdout.WriteLine($"wrote {path} ({file.CellCount} cells, {warnings.Count} warnings)");
        return ExitCodes.Ok;
    }
}
