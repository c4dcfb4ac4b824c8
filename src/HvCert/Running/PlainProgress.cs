using HvCert.Evidence;

namespace HvCert.Running;

/// <summary>Progress for logs and CI: one timestamped line per event worth reading, nothing overwritten.</summary>
internal sealed class PlainProgress(TextWriter output, TimeProvider time, int totalCells) : IRunProgress
{
    private readonly Lock gate = new();
    private int judged;

    public void Observe(EvidenceEvent evidence)
    {
        if (ProgressText.Describe(evidence, ref judged, totalCells) is { } line)
        {
            Write(line);
        }
    }

    public void Status(string vmKey, string text) => Write($"{vmKey} {text}");

    private void Write(string line)
    {
        lock (gate)
        {
            output.WriteLine($"{time.GetUtcNow():HH:mm:ss} {line}");
            output.Flush();
        }
    }
}

/// <summary>The one-line wording of events, shared by the plain and the live progress.</summary>
internal static class ProgressText
{
    /// <summary>Null for events not worth a line (each guest command, host action).</summary>
    public static string? Describe(EvidenceEvent evidence, ref int judged, int totalCells)
    {
        if (evidence is RunResumed resumed)
        {
            judged = Math.Max(0, totalCells - resumed.Remaining); // the count continues where the killed run stopped
        }

        return Line(evidence, ref judged, totalCells);
    }

    private static string? Line(EvidenceEvent evidence, ref int judged, int totalCells) => evidence switch
    {
        RunStarted s => $"run {s.RunId}: {s.Cells} cells, suite {s.Suite}, matrix {s.Matrix}, backend {s.Backend}{(s.Shard is null ? "" : $", shard {s.Shard}")}",
        RunResumed r => $"resuming run {r.RunId}: {r.Remaining} cells left",
        VmProvisioned v => $"{v.VmKey} up in {v.BootSeconds:0.0}s ({v.VmName})",
        GuestFactsRecorded g => $"{g.VmKey} guest: {g.Distro}, kernel {g.Kernel}",
        VmProvisionFailed f => $"{f.VmKey} did not come up: {f.Error}",
        ProbeStarted p => $"{p.VmKey} {p.Cell.FeatureId} ({p.Cell.Target} {p.Cell.Generation}) attempt {p.Attempt}",
        ProbeJudged j => $"[{(j.WillRetry || j.Cancelled ? judged : ++judged)}/{totalCells}] {j.Cell}: {VerdictText.Of(j.Verdict)}{(j.WillRetry ? " (will retry)" : "")} - {Reporting.TextEscaping.Visible(j.Reason)}",
        VmDestroyed d => $"{d.VmKey} destroyed",
        RunFinished f => $"run {f.RunId} finished in {f.WallSeconds:0}s",
        _ => null,
    };
}
