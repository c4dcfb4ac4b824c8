using HvCert.Evidence;

namespace HvCert.Running;

/// <summary>
/// The one door events go through during a run: stamps the time, appends to evidence.jsonl, keeps an in-memory
/// copy for judging (through the same <see cref="ProbeEvidenceBuilder"/> the offline re-judge uses), shows progress,
/// and keeps guest-facts.json current. Thread-safe: VM slots record in parallel.
/// </summary>
internal sealed class RunRecorder(EvidenceWriter? writer, IRunProgress progress, TimeProvider time, RunDirectory? directory = null,
    IEnumerable<EvidenceEvent>? prior = null)
{
    private readonly List<EvidenceEvent> events = [.. prior ?? []];
    private readonly Lock gate = new();

    public TimeProvider Time => time;

    public IRunProgress Progress => progress;

    public void Record(EvidenceEvent evidence)
    {
        if (evidence.At == default)
        {
            evidence = evidence with { At = time.GetUtcNow() };
        }

        lock (gate)
        {
            writer?.Write(evidence);
            events.Add(evidence);
            if (evidence is GuestFactsRecorded)
            {
                directory?.WriteGuestFacts(events.OfType<GuestFactsRecorded>());
            }
        }

        progress.Observe(evidence);
    }

    /// <summary>A copy of everything recorded so far (prior events of a resumed run included).</summary>
    public IReadOnlyList<EvidenceEvent> Snapshot()
    {
        lock (gate)
        {
            return events.ToArray();
        }
    }
}
