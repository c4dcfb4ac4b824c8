using System.Text;
using HvCert.Catalog;
using static HvCert.Reporting.TextEscaping;

namespace HvCert.Reporting.Renderers;

/// <summary>
/// support-matrix.md in the layout of Microsoft's "Supported … virtual machines on Hyper-V" pages: per distro family a
/// table with releases as columns, an Availability row, bold group rows, ✔ / blank / N/A, and "Note N" references into a
/// numbered Notes list. Each ✔ links to the cell's evidence in report.html. A QEMU lab run is titled as one and adds a
/// column naming the stand-in each row tested (<see cref="LabStandIns"/>), so a virtio NIC never reads as a Hyper-V NIC.
/// </summary>
internal sealed class SupportMatrixRenderer : IReportRenderer
{
    public const string FileName = "support-matrix.md";

    public string Format => "markdown";

    public IReadOnlyList<ReportFile> Render(RunResults results)
    {
        var byTargetFeature = results.Cells
            .GroupBy(c => (c.Key.Target, c.Key.FeatureId))
            .ToDictionary(g => g.Key, g => (IReadOnlyList<CellResult>)g.ToList());
        var sb = new StringBuilder();
        var lab = results.Run.Backend == Hosts.BackendKind.Qemu;
        if (lab)
        {
            sb.Append("# QEMU lab run: Linux and FreeBSD guests on QEMU stand-ins for Hyper-V devices (HvCert run ").Append(Markdown(results.Run.RunId)).Append(")\n\n")
              .Append("Not a Hyper-V result: this run tested the QEMU device or mechanism named in each row in place of the Hyper-V one, ")
              .Append("which proves HvCert's engine and probes, not Hyper-V support. Run on a Hyper-V host for Microsoft's table.\n\n");
        }
        else
        {
            sb.Append("# Linux and FreeBSD guests on Hyper-V: feature support (HvCert run ").Append(Markdown(results.Run.RunId)).Append(")\n\n");
        }

        sb.Append("Backend: ").Append(results.Run.Backend == Hosts.BackendKind.Qemu ? "QEMU lab (host column `qemu`)" : "Hyper-V")
          .Append(". Suite: ").Append(Markdown(results.Run.Suite)).Append(". Matrix: ").Append(Markdown(results.Run.Matrix))
          .Append(". HvCert ").Append(Markdown(results.Run.HvCertVersion)).Append('.');
        if (results.HostFacts?.Extra.TryGetValue("accelerator", out var accel) == true)
        {
            // Which accelerator ran the guests and why (the QEMU lab chooses KVM only by proof).
            sb.Append(" Accelerator: ").Append(Markdown(accel));
            if (results.HostFacts.Extra.TryGetValue("accelerator_reason", out var why))
            {
                sb.Append(" (").Append(Markdown(why)).Append(')');
            }

            sb.Append('.');
        }

        if (HostColumnHosts.Sentence(results) is { } ranOn)
        {
            sb.Append(" Host columns, as each host reported itself: ").Append(Markdown(ranOn)).Append('.');
        }

        sb.Append("\n\n");
        sb.Append("✔ supported (links to its evidence), blank not supported, N/A not applicable or not offered by the host, ")
          .Append("Error: the infrastructure failed so no verdict was reached, ").Append(MatrixCellSummary.NotRun + " not run.\n");
        if (results.Damage.Count > 0)
        {
            var lost = results.Damage.Count(d => d.EventLost);
            sb.Append("\n> **Evidence damaged:** ").Append(lost).Append(" line(s) could not be read and their events are missing from this table; ")
              .Append(results.Damage.Count - lost).Append(" notice(s). ");
            sb.Append(string.Join("; ", results.Damage.Take(10).Select(d => Markdown(d.ToString(), 300))));
            sb.Append(results.Damage.Count > 10 ? $"; … and {results.Damage.Count - 10} more (results.json lists all).\n" : ".\n");
        }

        if (results.Redactions > 0)
        {
            sb.Append('\n').Append(results.Redactions).Append(" secret(s) in guest output were replaced by \\[redacted: …\\].\n");
        }

        foreach (var family in results.Targets.GroupBy(t => t.Family))
        {
            AppendFamily(sb, family.Key, family.ToList(), results, byTargetFeature, lab);
        }

        return [new ReportFile(FileName, sb.ToString())];
    }

    private static void AppendFamily(
        StringBuilder sb, string family, List<TargetInfo> targets, RunResults results,
        Dictionary<(string, string), IReadOnlyList<CellResult>> cells, bool lab)
    {
        // A lab table adds the stand-in each row tested; Hyper-V runs keep Microsoft's layout column for column.
        var standIn = lab ? " |" : "";
        var ids = targets.Select(t => t.Id).ToHashSet(StringComparer.Ordinal);
        var familyCells = cells.Where(kv => ids.Contains(kv.Key.Item1)).ToList();
        var scopeByGen = familyCells.SelectMany(kv => kv.Value).Select(c => c.Key.Generation).Distinct().Count() > 1;
        var scopeByHost = results.Hosts.Count > 1;
        var featureIds = familyCells.Select(kv => kv.Key.Item2).ToHashSet(StringComparer.Ordinal);
        var features = FeatureCatalog.All.Where(f => featureIds.Contains(f.Id)).ToList();
        var notes = new List<string>();
        var noteIndex = new Dictionary<string, int>(StringComparer.Ordinal);

        sb.Append("\n## ").Append(Markdown(family)).Append("\n\n");
        sb.Append(lab ? "| Feature | Tested on the lab as | Host |" : "| Feature | Windows Server version |");
        foreach (var t in targets) sb.Append(' ').Append(Markdown(t.Release)).Append(" |");
        sb.Append(lab ? "\n|-|-|-|" : "\n|-|-|");
        foreach (var _ in targets) sb.Append("-|");
        sb.Append("\n| **Availability** | |").Append(standIn);
        foreach (var _ in targets) sb.Append(" Built in |");
        sb.Append('\n');

        foreach (var group in features.GroupBy(f => f.Group))
        {
            sb.Append("| **").Append(group.Key.Display()).Append("** | |").Append(standIn);
            foreach (var _ in targets) sb.Append(" |");
            sb.Append('\n');
            foreach (var feature in group)
            {
                var rowCells = targets.Select(t => cells.GetValueOrDefault((t.Id, feature.Id)) ?? []).ToList();
                sb.Append("| ").Append(Markdown(feature.Name)).Append(" | ");
                if (lab) sb.Append(Markdown(LabStandIns.For(feature.Id))).Append(" | ");
                sb.Append(Markdown(HostColumn(rowCells))).Append(" |");
                foreach (var list in rowCells)
                {
                    var summary = MatrixCellSummary.Of(list, scopeByGen, scopeByHost);
                    sb.Append(' ').Append(CellText(summary, notes, noteIndex)).Append(" |");
                }

                sb.Append('\n');
            }
        }

        // Cells of features the catalog does not know (stale evidence) are listed, not dropped.
        foreach (var unknown in featureIds.Where(id => !FeatureCatalog.TryGet(id, out _)).Order(StringComparer.Ordinal))
        {
            notes.Add($"Evidence names feature id '{Markdown(unknown)}', which the catalog does not have; it is shown only in report.html.");
        }

        if (notes.Count > 0)
        {
            sb.Append("\n**Notes**\n\n");
            for (var i = 0; i < notes.Count; i++) sb.Append(i + 1).Append(". ").Append(notes[i]).Append('\n');
        }
    }

    private static string CellText(MatrixCellSummary summary, List<string> notes, Dictionary<string, int> noteIndex)
    {
        var text = summary.LinkAnchor is { } anchor ? $"[{summary.Mark}]({HtmlReportRenderer.FileName}#{anchor})" : summary.Mark;
        if (summary.Notes.Count == 0)
        {
            return text;
        }

        var numbers = summary.Notes.Select(n =>
        {
            var escaped = Markdown(n);
            if (!noteIndex.TryGetValue(escaped, out var number))
            {
                notes.Add(escaped);
                noteIndex[escaped] = number = notes.Count;
            }

            return number;
        });
        return (text.Length > 0 ? text + " " : "") + "Note " + string.Join(", ", numbers);
    }

    private static string HostColumn(List<IReadOnlyList<CellResult>> rowCells) =>
        string.Join(", ", rowCells.SelectMany(l => l)
            .Select(c => c.Key.Host).Distinct(StringComparer.Ordinal)
            .OrderByDescending(h => HostVersionNames.TryParse(h, out var v) ? (int)v : 0).ThenBy(h => h, StringComparer.Ordinal)
            .Select(MatrixCellSummary.HostLabel));
}
