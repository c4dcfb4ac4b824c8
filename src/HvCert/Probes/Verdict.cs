namespace HvCert.Probes;

/// <summary>A judged cell: the kind plus a one-line reason a reader can act on.</summary>
public sealed record Verdict(VerdictKind Kind, string Reason)
{
    public static Verdict Supported(string reason) => new(VerdictKind.Supported, reason);
    public static Verdict Caveat(string reason) => new(VerdictKind.SupportedWithCaveat, reason);
    public static Verdict NotSupported(string reason) => new(VerdictKind.NotSupported, reason);
    public static Verdict NotOffered(string reason) => new(VerdictKind.NotOffered, reason);
    public static Verdict NotApplicable(string reason) => new(VerdictKind.NotApplicable, reason);
    public static Verdict Error(string reason) => new(VerdictKind.Error, reason);
    public static Verdict Skipped(string reason) => new(VerdictKind.Skipped, reason);

    public bool IsPass => Kind is VerdictKind.Supported or VerdictKind.SupportedWithCaveat;
}
