using System.Text.RegularExpressions;
using HvCert.Reporting;
using YamlDotNet.Core;
using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;

namespace HvCert.Baselines;

/// <summary>
/// matrices/baselines/*.yaml: one entry per imported page; each feature row maps target ids to a mark
/// ("supported", "not-supported", "not-applicable"), optionally followed by "[notes 3, 4]" and "[missing]".
/// </summary>
public static partial class BaselineYaml
{
    private const string Header =
        "# HvCert baseline: Microsoft's published support tables as data, made by 'hvcert baseline import'.\n"
        + "# Cells: supported (✔), not-supported (blank), not-applicable (N/A); [notes N] cites the page's Notes; [missing] = the row had no cell.\n"
        + "# Re-import from the current pages rather than editing by hand. Used by 'hvcert diff <run-dir> --baseline <this file>'.\n";

    public static string Serialize(BaselineFile file)
    {
        var doc = new BaselineDoc
        {
            Pages = file.Pages.Select(p => new PageDoc
            {
                Title = p.Title, Source = p.Source, Distro = p.Distro,
                Columns = p.Columns.Select(c => new ColumnDoc { Label = c.Label, Target = c.Target, Availability = c.Availability }).ToList(),
                Notes = p.Notes.OrderBy(n => n.Key).ToDictionary(n => n.Key, n => n.Value),
                Rows = p.Rows.Select(r => new RowDoc
                {
                    Feature = r.FeatureId, Name = r.Name, Hosts = r.Hosts, Line = r.Line,
                    Cells = r.Cells.ToDictionary(c => c.Target, CellText),
                }).ToList(),
            }).ToList(),
        };
        var serializer = new SerializerBuilder().WithNamingConvention(CamelCaseNamingConvention.Instance).Build();
        return Header + serializer.Serialize(doc);
    }

    /// <exception cref="ReportInputException">Unreadable YAML or an unknown mark, with file:line:column.</exception>
    public static BaselineFile Load(string path)
    {
        if (!File.Exists(path)) throw new ReportInputException(path, 1, 1, "no such baseline file; create one with 'hvcert baseline import <page.md>'.");
        string text;
        try
        {
            text = HvCert.Validation.InputLimits.ReadText(path, "baseline");
        }
        catch (HvCert.Validation.InputException ex)
        {
            var d = ex.Diagnostics[0];
            throw new ReportInputException(path, d.Line, d.Column, $"{d.Message} {d.Fix}");
        }

        BaselineDoc doc;
        try
        {
            doc = new DeserializerBuilder().WithNamingConvention(CamelCaseNamingConvention.Instance).Build()
                .Deserialize<BaselineDoc>(new HvCert.Validation.LimitingParser(new Parser(new StringReader(text)))) ?? new BaselineDoc();
        }
        catch (HvCert.Validation.YamlLimitException ex)
        {
            throw new ReportInputException(path, (int)ex.Start.Line, (int)ex.Start.Column, $"{ex.Problem}. {ex.Fix}");
        }
        catch (YamlException ex)
        {
            throw new ReportInputException(path, (int)ex.Start.Line, (int)ex.Start.Column,
                $"not a baseline file ({TextEscaping.Visible((ex.InnerException ?? ex).Message)}). Re-create it with 'hvcert baseline import'.");
        }
        catch (InvalidOperationException)
        {
            throw new ReportInputException(path, 1, 1, "not a baseline file (the YAML parser could not continue). Re-create it with 'hvcert baseline import'.");
        }

        // A key written with no value ("pages:", "rows:") deserializes to null; read it as empty, then refuse emptiness.
        var file = new BaselineFile((doc.Pages ?? []).Where(p => p is not null).Select(p => new BaselinePage(
            p.Title ?? "", p.Source ?? "", p.Distro ?? "",
            (p.Columns ?? []).Where(c => c is not null).Select(c => new BaselineColumn(c.Label ?? "", c.Target ?? "", c.Availability ?? "")).ToList(),
            (p.Rows ?? []).Where(r => r is not null).Select(r => new BaselineRow(r.Feature ?? "", r.Name ?? "", r.Hosts ?? "", r.Line,
                (r.Cells ?? []).Select(kv => ParseCell(path, r, kv.Key, kv.Value)).ToList())).ToList(),
            (p.Notes ?? []).Where(n => n.Value is not null).ToDictionary(n => n.Key, n => n.Value))).ToList());
        if (file.CellCount == 0)
        {
            throw new ReportInputException(path, 1, 1,
                "the baseline holds no published cells, so a comparison would prove nothing. Re-create it with 'hvcert baseline import <page.md> --output FILE'.");
        }

        return file;
    }

    private static string CellText(BaselineCell c) =>
        c.Mark.Token() + (c.Notes.Count > 0 ? $" [notes {string.Join(", ", c.Notes)}]" : "") + (c.Missing ? " [missing]" : "");

    private static BaselineCell ParseCell(string path, RowDoc row, string target, string text)
    {
        var m = CellPattern().Match(text ?? "");
        BaselineMark? mark = m.Success ? m.Groups[1].Value switch
        {
            "supported" => BaselineMark.Supported,
            "not-supported" => BaselineMark.NotSupported,
            "not-applicable" => BaselineMark.NotApplicable,
            _ => null,
        } : null;
        if (mark is null)
        {
            throw new ReportInputException(path, 1, 1, $"row '{row.Feature}', target '{target}': '{TextEscaping.Visible(text)}' is not supported, not-supported or not-applicable.");
        }

        var notes = m.Groups[2].Success
            ? m.Groups[2].Value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Select(n =>
                HvCert.Validation.InputLimits.TryReadBounded(n, 1, HvCert.Validation.InputLimits.MaxNoteNumber, out var number) ? number
                    : throw new ReportInputException(path, 1, 1, $"row '{row.Feature}', target '{target}': note number {TextEscaping.Visible(n[..Math.Min(n.Length, 20)])} is out of range (1 to {HvCert.Validation.InputLimits.MaxNoteNumber}).")).ToList()
            : [];
        return new BaselineCell(target, mark.Value, notes, m.Groups[3].Success);
    }

    [GeneratedRegex(@"^\s*([a-z-]+)(?:\s*\[notes ([\d,\s]+)\])?(\s*\[missing\])?\s*$")]
    private static partial Regex CellPattern();

    internal sealed class BaselineDoc { public List<PageDoc> Pages { get; set; } = []; }

    internal sealed class PageDoc
    {
        public string Title { get; set; } = "";
        public string Source { get; set; } = "";
        public string Distro { get; set; } = "";
        public List<ColumnDoc> Columns { get; set; } = [];
        public Dictionary<int, string> Notes { get; set; } = [];
        public List<RowDoc> Rows { get; set; } = [];
    }

    internal sealed class ColumnDoc
    {
        public string Label { get; set; } = "";
        public string Target { get; set; } = "";
        public string Availability { get; set; } = "";
    }

    internal sealed class RowDoc
    {
        public string Feature { get; set; } = "";
        public string Name { get; set; } = "";
        public string Hosts { get; set; } = "";
        public int Line { get; set; }
        public Dictionary<string, string> Cells { get; set; } = [];
    }
}
