using HvCert.Catalog;
using HvCert.Evidence;
using HvCert.Hosts;
using HvCert.Planning;
using HvCert.Probes;

namespace HvCert.Reporting;

/// <summary>
/// The read model every renderer consumes: one run, computed from evidence.jsonl alone.
/// Cells are ordered by target, generation, host and catalog order, so every rendering is deterministic.
/// </summary>
public sealed record RunResults(
    RunInfo Run,
    IReadOnlyList<TargetInfo> Targets,
    IReadOnlyList<Generation> Generations,
    IReadOnlyList<string> Hosts,
    IReadOnlyList<VmRecord> Vms,
    IReadOnlyList<CellResult> Cells,
    HostFacts? HostFacts = null,
    IReadOnlyList<GuestFactsRecorded>? GuestFacts = null)
{
    public IReadOnlyList<GuestFactsRecorded> Guests => GuestFacts ?? [];

    /// <summary>Damaged or skipped evidence lines (file:line and what): every report shows them, none is silently lost.</summary>
    public IReadOnlyList<EvidenceDamage> Damage { get; init; } = [];

    /// <summary>How many secrets were replaced by "[redacted: kind]" in the evidence this report shows.</summary>
    public int Redactions { get; init; }

    public bool LostEvents => Damage.Any(d => d.EventLost);

    public int Count(VerdictKind kind) => Cells.Count(c => c.Verdict == kind);
}

/// <summary>Run-level facts from run_started / run_finished. <see cref="ExitCode"/> is null when the run never finished.</summary>
public sealed record RunInfo(
    string RunId,
    string HvCertVersion,
    string Suite,
    string Matrix,
    BackendKind Backend,
    int PlannedCells,
    DateTimeOffset? StartedAt,
    DateTimeOffset? FinishedAt,
    int? ExitCode,
    double? WallSeconds);

/// <summary>A matrix target as the reports show it: <c>debian-12</c> is distro <c>debian</c>, family heading "Debian", release "12".</summary>
public sealed record TargetInfo(string Id, string Distro, string Family, string Release, OsFamily Os);

/// <summary>A VM the run booted, with what the host offered it. <see cref="ProvisionError"/> is set when it never came up.</summary>
public sealed record VmRecord(
    string VmKey,
    string VmName,
    string Target,
    Generation Generation,
    bool SecureBoot,
    IReadOnlyList<VmFault> Faults,
    IReadOnlyList<OfferedDevice> OfferedDevices,
    IReadOnlyDictionary<string, string> Settings,
    double BootSeconds,
    DateTimeOffset ProvisionedAt,
    DateTimeOffset? DestroyedAt,
    string? ProvisionError = null,
    string? SerialLogTail = null)
{
    /// <summary>The host the VM ran on as it reported itself (Hyper-V); null on the lab.</summary>
    public HostPlacement? RanOn { get; init; }

    /// <summary>Host column of the cells the VM served ("" in evidence written before it was recorded).</summary>
    public string HostColumn { get; init; } = "";
}

/// <summary>
/// One matrix cell: the final verdict (from the last attempt) plus every attempt, so retries stay visible.
/// <see cref="Feature"/> is null when the evidence names a feature id the catalog no longer has.
/// </summary>
public sealed record CellResult(
    CellKey Key,
    Feature? Feature,
    VerdictKind Verdict,
    string Reason,
    IReadOnlyList<AttemptResult> Attempts,
    string Anchor)
{
    public string FeatureName => Feature?.Name ?? Key.FeatureId;

    public FeatureGroup? Group => Feature?.Group;
}

/// <summary>
/// One try at a cell. <see cref="Verdict"/> is null when the probe started but was never judged (the run was killed);
/// the cell then reads as Error.
/// </summary>
public sealed record AttemptResult(
    int Attempt,
    string? VmKey,
    DateTimeOffset? StartedAt,
    DateTimeOffset? JudgedAt,
    VerdictKind? Verdict,
    string? Reason,
    double DurationMs,
    IReadOnlyList<CommandRan> Commands,
    IReadOnlyList<HostActionDone> HostActions,
    IReadOnlyDictionary<string, string>? Parameters = null)
{
    /// <summary>Commands and host actions in the order they happened (step, then time).</summary>
    public IEnumerable<EvidenceEvent> Steps =>
        Commands.Cast<EvidenceEvent>().Concat(HostActions)
            .OrderBy(e => e is CommandRan c ? c.Step : ((HostActionDone)e).Step)
            .ThenBy(e => e.At);
}
