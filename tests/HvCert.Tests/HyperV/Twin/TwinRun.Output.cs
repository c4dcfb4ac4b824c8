using System.Globalization;
using HvCert.Reporting;
using HvCert.Running;

namespace HvCert.Tests.HyperV.Twin;

/// <summary>What a twin run shows a reader: the cell list, the per-verdict counts, and the runner's status lines.</summary>
internal sealed partial class TwinRun
{
    public static string Describe(RunResults results) => string.Join('\n', results.Cells
        .OrderBy(c => c.Key.Target, StringComparer.Ordinal).ThenBy(c => c.Key.Generation).ThenBy(c => c.Key.FeatureId, StringComparer.Ordinal)
        .Select(c => string.Create(CultureInfo.InvariantCulture, $"{c.Key.Target}/{c.Key.Generation}/{c.Key.Host}/{c.Key.FeatureId}: {c.Verdict}: {c.Reason}")));

    /// <summary>"host 2025: Supported=48, SupportedWithCaveat=4, …" over every verdict kind, zeros included.</summary>
    public static string Counts(string host, RunResults results) => $"host {host}: " + string.Join(", ", Enum.GetValues<HvCert.Probes.VerdictKind>()
        .Select(v => $"{v}={results.Cells.Count(c => c.Verdict == v)}"));

    private sealed class StatusLog(List<string> log) : IRunProgress
    {
        public void Observe(HvCert.Evidence.EvidenceEvent evidence)
        {
        }

        public void Status(string vmKey, string text)
        {
            lock (log)
            {
                log.Add($"{vmKey}: {text}");
            }
        }
    }
}
