using HvCert.Hosts;
using HvCert.Planning;
using HvCert.Probes;

namespace HvCert.Evidence;

/// <summary>
/// Builds the <see cref="ProbeEvidence"/> a judge sees for one attempt of one cell from recorded events. The runner
/// judges live attempts with it and `hvcert report --rejudge` judges stored ones with it, so both see the same input.
/// </summary>
internal static class ProbeEvidenceBuilder
{
    /// <summary>Null when the events hold no <see cref="ProbeStarted"/> for that attempt (a preset or skipped cell).</summary>
    public static ProbeEvidence? FromEvents(IReadOnlyList<EvidenceEvent> events, CellKey cell, int attempt)
    {
        var started = events.OfType<ProbeStarted>().LastOrDefault(p => p.Cell == cell && p.Attempt == attempt);
        if (started is null)
        {
            return null;
        }

        var backend = events.OfType<RunStarted>().LastOrDefault()?.Backend ?? BackendKind.Qemu;
        var vm = events.OfType<VmProvisioned>().LastOrDefault(v => v.VmKey == started.VmKey);
        return new ProbeEvidence(
            backend,
            vm?.Os ?? default,
            vm?.Generation ?? cell.Generation,
            vm?.OfferedDevices ?? [],
            vm?.Settings ?? new Dictionary<string, string>(),
            started.Parameters,
            events.OfType<CommandRan>().Where(c => c.Cell == cell && c.Attempt == attempt).ToList(),
            events.OfType<HostActionDone>().Where(h => h.Cell == cell && h.Attempt == attempt).ToList());
    }
}
