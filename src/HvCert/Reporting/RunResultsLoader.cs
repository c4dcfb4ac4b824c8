using HvCert.Evidence;

namespace HvCert.Reporting;

/// <summary>Reads a run directory's evidence.jsonl with the runner's reader and folds it into <see cref="RunResults"/>.</summary>
internal static class RunResultsLoader
{
    /// <summary>
    /// The results with every damaged line named in <see cref="RunResults.Damage"/>; the events come back as read (for
    /// re-judging). Text in the results is redacted and has its control characters made visible (<see cref="ForReport"/>).
    /// </summary>
    /// <exception cref="EvidenceFormatException">The run directory has no evidence, or it is empty or over the size cap.</exception>
    public static (RunResults Results, IReadOnlyList<EvidenceEvent> Events) Load(string runDir)
    {
        var log = EvidenceReader.Read(new RunDirectory(runDir).Evidence);
        return (Build(log.Events, log.Damage), log.Events);
    }

    public static RunResults Build(IReadOnlyList<EvidenceEvent> events, IReadOnlyList<EvidenceDamage> damage)
    {
        var clean = events.Select(ForReport).ToList();
        return RunResultsBuilder.Build(clean) with { Damage = damage, Redactions = Redaction.CountIn(clean) };
    }

    /// <summary>Redacted (evidence from older builds may hold secrets) and with control characters and bidi overrides visible.</summary>
    public static EvidenceEvent ForReport(EvidenceEvent e) =>
        EvidenceText.Map(e, s => TextEscaping.Visible(Redaction.Redact(s), keepLayout: true));
}
