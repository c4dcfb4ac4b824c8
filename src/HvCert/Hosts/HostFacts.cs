namespace HvCert.Hosts;

/// <summary>Recorded beside the evidence: which host produced the verdicts.</summary>
public sealed record HostFacts(
    BackendKind Backend,
    string Version,
    string Build,
    string Cpu,
    IReadOnlyDictionary<string, string> Extra);
