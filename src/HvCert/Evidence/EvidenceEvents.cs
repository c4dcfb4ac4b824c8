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
[JsonDerivedType(typeof(HostFactsRecorded), "host_facts")]
[JsonDerivedType(typeof(GuestFactsRecorded), "guest_facts")]
[JsonDerivedType(typeof(VmProvisionFailed), "vm_failed")]
[JsonDerivedType(typeof(RunResumed), "run_resumed")]
public abstract record EvidenceEvent
{
    public DateTimeOffset At { get; init; }
}

public sealed record RunStarted(string RunId, string HvCertVersion, string Suite, string Matrix, BackendKind Backend, int Cells) : EvidenceEvent
{
    /// <summary>"k/n" when this run is one shard of a fanned-out run; null for a whole run.</summary>
    public string? Shard { get; init; }

    /// <summary>The matrix target the run was limited to (<c>--target</c>), or null for all targets.</summary>
    public string? Target { get; init; }

    /// <summary>Run ids of the parts when this run was made by <c>hvcert merge</c>; empty otherwise.</summary>
    public IReadOnlyList<string> MergedFrom { get; init; } = [];
}

public sealed record VmProvisioned(
    string VmKey, string VmName, string Target, Generation Generation, bool SecureBoot,
    IReadOnlyList<VmFault> Faults, IReadOnlyList<OfferedDevice> OfferedDevices,
    IReadOnlyDictionary<string, string> Settings, double BootSeconds) : EvidenceEvent
{
    /// <summary>Guest OS family of the image, so an offline judge sees the same <see cref="ProbeEvidence.Os"/>.</summary>
    public OsFamily Os { get; init; }

    /// <summary>Host column of the cells this VM serves (<c>qemu</c>, <c>2019</c>…).</summary>
    public string Host { get; init; } = "";

    /// <summary>The machine the VM was created on as it reported itself (name, release, build); null (not written) on the lab and in older evidence.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public HostPlacement? RanOn { get; init; }
}

/// <summary>
/// An attempt of a probe began on VM <paramref name="VmKey"/> (the key of a <see cref="VmProvisioned"/> event).
/// Attempts of one cell are numbered from 1; an attempt after an infrastructure error gets the next number.
/// </summary>
public sealed record ProbeStarted(CellKey Cell, int Attempt, string VmKey) : EvidenceEvent
{
    /// <summary>The suite parameters the probe ran with, so an offline judge reads the same values.</summary>
    public IReadOnlyDictionary<string, string> Parameters { get; init; } = new Dictionary<string, string>();

    /// <summary>The probe's type name, for readers who want to know which code ran.</summary>
    public string Probe { get; init; } = "";
}

public sealed record CommandRan(
    CellKey Cell, int Attempt, int Step, string Command, int ExitCode, string Stdout, string Stderr,
    double DurationMs, bool Truncated, bool TimedOut) : EvidenceEvent;

public sealed record HostActionDone(
    CellKey Cell, int Attempt, int Step, string Action, bool Ok,
    IReadOnlyDictionary<string, string> Observations, string? Error, double DurationMs) : EvidenceEvent;

/// <summary>
/// The verdict of one attempt. The cell's final verdict is its last ProbeJudged. <see cref="WillRetry"/> marks an
/// infrastructure Error that the runner retries on a fresh VM (the retry is its own attempt, kept as its own entry).
/// Preset cells (Not applicable, Not offered) and cells without a probe are judged at attempt 1 with no ProbeStarted.
/// </summary>
public sealed record ProbeJudged(CellKey Cell, int Attempt, VerdictKind Verdict, string Reason, double DurationMs) : EvidenceEvent
{
    public bool WillRetry { get; init; }

    /// <summary>
    /// The run was cancelled (Ctrl-C, SIGTERM) while this attempt ran: the cell reads as not run, and a resume runs it
    /// afresh with its retry intact. Written only when true, so evidence of uncancelled runs reads as before.
    /// </summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public bool Cancelled { get; init; }
}

public sealed record VmDestroyed(string VmKey, string VmName) : EvidenceEvent;

public sealed record RunFinished(string RunId, int ExitCode, double WallSeconds) : EvidenceEvent;

/// <summary>What the host is (backend, version or build, CPU). Also written to host-facts.json.</summary>
public sealed record HostFactsRecorded(HostFacts Facts) : EvidenceEvent;

/// <summary>
/// What the guest of VM <paramref name="VmKey"/> is: distro, kernel and versions of the integration daemons/packages
/// (package name to version; "absent" when not installed). <paramref name="Raw"/> keeps the capped command outputs they came from.
/// Also collected into guest-facts.json.
/// </summary>
public sealed record GuestFactsRecorded(
    string VmKey, string Target, Generation Generation, string Distro, string Kernel,
    IReadOnlyDictionary<string, string> Packages, IReadOnlyDictionary<string, string> Raw) : EvidenceEvent;

/// <summary>A VM could not be provisioned or never accepted SSH: the cells it was for become Error (and are retried once).</summary>
public sealed record VmProvisionFailed(
    string VmKey, string VmName, string Target, Generation Generation, string Error, string SerialLogTail) : EvidenceEvent;

/// <summary><c>hvcert run --resume</c> continued this run; <paramref name="Remaining"/> cells were still to judge.</summary>
public sealed record RunResumed(string RunId, int Remaining) : EvidenceEvent;
