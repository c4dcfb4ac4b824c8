using HvCert.Evidence;

namespace HvCert.Reporting;

/// <summary>Reads a run directory's evidence.jsonl with the runner's reader and folds it into <see cref="RunResults"/>.</summary>
internal static class RunResultsLoader
{
    /// <exception cref="EvidenceFormatException">The run directory has no evidence or a damaged line (message names file:line:column).</exception>
    public static (RunResults Results, IReadOnlyList<EvidenceEvent> Events) Load(string runDir)
    {
        var log = EvidenceReader.Read(new RunDirectory(runDir).Evidence);
        return (RunResultsBuilder.Build(log.Events), log.Events);
    }
}
