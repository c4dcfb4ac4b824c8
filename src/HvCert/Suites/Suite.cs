using HvCert.Catalog;

namespace HvCert.Suites;

/// <summary>What to do with a listed feature that no host in the matrix is new enough to offer.</summary>
public enum HostTooOld
{
    /// <summary>Reject the suite/matrix pair: the user asked for something no host can give.</summary>
    Error,

    /// <summary>Plan the cells as Not applicable with the reason (used by `full`, which lists everything).</summary>
    NotApplicable,
}

/// <summary>A loaded suite file: which features to judge, with per-feature parameters and timeouts.</summary>
/// <param name="File">The path it was loaded from (for located cross-file diagnostics).</param>
public sealed record Suite(
    string Name,
    string Description,
    string File,
    TimeSpan Timeout,
    HostTooOld OnHostTooOld,
    IReadOnlyList<SuiteFeature> Features);

/// <summary>One feature of a suite. <paramref name="Parameters"/> is the flat map probes read (defaults filled in, plus <c>timeout</c>).</summary>
/// <param name="Line">Where the entry is in the suite file, for diagnostics that involve the matrix too.</param>
public sealed record SuiteFeature(
    Feature Feature,
    TimeSpan Timeout,
    IReadOnlyDictionary<string, string> Parameters,
    int Line,
    int Column);
