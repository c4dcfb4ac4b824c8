using System.Text.Json.Serialization;
using HvCert.Catalog;
using HvCert.Hosts;
using HvCert.Planning;
using HvCert.Probes;

namespace HvCert.Evidence;

/// <summary>
/// One immutable observation. evidence.jsonl is a stream of these, one JSON object per line, discriminated by <c>type</c>.
/// It is the single source of truth: every verdict and every report is computed from it.
/// </summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "type")]
[JsonDerivedType(typeof(RunStarted), "run_started")]
[JsonDerivedType(typeof(VmProvisioned), "vm_provisioned")]
[JsonDerivedType(typeof(ProbeStarted), "probe_started")]
[JsonDerivedType(typeof(CommandRan), "command_ran")]
[JsonDerivedType(typeof(HostActionDone), "host_action")]
[JsonDerivedType(typeof(ProbeJudged), "probe_judged")]
[JsonDerivedType(typeof(VmDestroyed), "vm_destroyed")]
[JsonDerivedType(typeof(RunFinished), "run_finished")]
public abstract record EvidenceEvent
{
    public DateTimeOffset At { get; init; }
}

public sealed record RunStarted(string RunId, string HvCertVersion, string Suite, string Matrix, BackendKind Backend, int Cells) : EvidenceEvent;

public sealed record VmProvisioned(
    string VmKey, string VmName, string Target, Generation Generation, bool SecureBoot,
    IReadOnlyList<VmFault> Faults, IReadOnlyList<OfferedDevice> OfferedDevices,
    IReadOnlyDictionary<string, string> Settings, double BootSeconds) : EvidenceEvent;

public sealed record ProbeStarted(CellKey Cell, int Attempt, string VmKey) : EvidenceEvent;

public sealed record CommandRan(
    CellKey Cell, int Attempt, int Step, string Command, int ExitCode, string Stdout, string Stderr,
    double DurationMs, bool Truncated, bool TimedOut) : EvidenceEvent;

public sealed record HostActionDone(
    CellKey Cell, int Attempt, int Step, string Action, bool Ok,
    IReadOnlyDictionary<string, string> Observations, string? Error, double DurationMs) : EvidenceEvent;

public sealed record ProbeJudged(CellKey Cell, int Attempt, VerdictKind Verdict, string Reason, double DurationMs) : EvidenceEvent;

public sealed record VmDestroyed(string VmKey, string VmName) : EvidenceEvent;

public sealed record RunFinished(string RunId, int ExitCode, double WallSeconds) : EvidenceEvent;
