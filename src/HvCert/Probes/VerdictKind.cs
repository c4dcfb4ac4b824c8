namespace HvCert.Probes;

/// <summary>
/// The verdict vocabulary. <see cref="Error"/> is an infrastructure failure (VM did not boot, SSH dropped)
/// and is never rendered as "not supported".
/// </summary>
public enum VerdictKind
{
    Supported,
    SupportedWithCaveat,
    NotSupported,
    NotOffered,
    NotApplicable,
    Error,
    Skipped,
}
