using HvCert.Evidence;

namespace HvCert.Running;

/// <summary>
/// Progress on a terminal: finished cells and VM events scroll by as permanent lines, and below them one line per
/// live VM (what it is doing now) plus a tally line are redrawn in place.
/// </summary>
internal sealed class LiveProgress(TextWriter output, int totalCells, Func<int> width) : IRunProgress
{
    private const string Up = "\u001b[1A";
    private const string ClearLine = "\u001b[2K\r";
    private readonly Lock gate = new();
    private readonly SortedDictionary<string, string> vms = new(StringComparer.Ordinal);
    private int judged;
    private int drawn;

    public void Observe(EvidenceEvent evidence)
    {
        lock (gate)
        {
            switch (evidence)
            {
                case ProbeStarted p:
                    vms[p.VmKey] = $"running {p.Cell.FeatureId} (attempt {p.Attempt})";
                    break;
                case VmProvisioned v:
                    vms[v.VmKey] = "ready";
                    break;
                case VmDestroyed or VmProvisionFailed:
                    vms.Remove(evidence is VmDestroyed d ? d.VmKey : ((VmProvisionFailed)evidence).VmKey);
                    break;
            }

            var line = evidence is ProbeStarted ? null : ProgressText.Describe(evidence, ref judged, totalCells);
            Redraw(line);
        }
    }

    public void Status(string vmKey, string text)
    {
        lock (gate)
        {
            vms[vmKey] = text;
            Redraw(null);
        }
    }

    private void Redraw(string? permanent)
    {
        for (var i = 0; i < drawn; i++)
        {
            output.Write(Up + ClearLine);
        }

        if (permanent is not null)
        {
            output.WriteLine(Fit(permanent));
        }

        var columns = Math.Max(20, width());
        foreach (var (key, text) in vms)
        {
            output.WriteLine(Fit($"  {key}: {text}", columns));
        }

        output.WriteLine(Fit($"  {judged}/{totalCells} cells judged", columns));
        drawn = vms.Count + 1;
        output.Flush();
    }

    private static string Fit(string text, int columns = int.MaxValue)
    {
        var oneLine = text.ReplaceLineEndings(" ");
        return oneLine.Length < columns ? oneLine : oneLine[..(columns - 2)] + "…";
    }
}
