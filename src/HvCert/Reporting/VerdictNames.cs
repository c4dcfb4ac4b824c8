using HvCert.Probes;

namespace HvCert.Reporting;

/// <summary>The verdict words every format uses: a kebab-case token for data, a label for people.</summary>
public static class VerdictNames
{
    public static IReadOnlyList<VerdictKind> All { get; } = Enum.GetValues<VerdictKind>();

    public static string Token(this VerdictKind kind) => kind switch
    {
        VerdictKind.Supported => "supported",
        VerdictKind.SupportedWithCaveat => "supported-with-caveat",
        VerdictKind.NotSupported => "not-supported",
        VerdictKind.NotOffered => "not-offered",
        VerdictKind.NotApplicable => "not-applicable",
        VerdictKind.Error => "error",
        VerdictKind.Skipped => "skipped",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };

    public static string Label(this VerdictKind kind) => kind switch
    {
        VerdictKind.Supported => "Supported",
        VerdictKind.SupportedWithCaveat => "Supported with caveat",
        VerdictKind.NotSupported => "Not supported",
        VerdictKind.NotOffered => "Not offered by the host",
        VerdictKind.NotApplicable => "Not applicable",
        VerdictKind.Error => "Error (infrastructure)",
        VerdictKind.Skipped => "Skipped",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };

    public static bool IsPass(this VerdictKind kind) => kind is VerdictKind.Supported or VerdictKind.SupportedWithCaveat;
}
