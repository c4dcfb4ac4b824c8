using HvCert.Catalog;
using HvCert.Hosts;

namespace HvCert.Probes;

/// <summary>
/// Extension point: the test of one feature for one guest OS family. Probes are registered explicitly
/// (see HvCert.Features ProbeRegistry), never discovered by scanning.
/// </summary>
public interface IProbe
{
    string FeatureId { get; }

    OsFamily Os { get; }

    Isolation Isolation { get; }

    /// <summary>The setup in which this probe's judge must not say Supported (its negative control).</summary>
    IReadOnlyList<VmFault> NegativeControl { get; }

    /// <summary>The guest commands, in step order (step numbers start at 1), as `hvcert judge --print-commands` prints them.</summary>
    IReadOnlyList<GuestStep> GuestSteps(BackendKind backend);

    /// <summary>Performs the host actions and guest commands, recording each through <paramref name="context"/>.</summary>
    Task RunAsync(ProbeContext context, CancellationToken cancellationToken);

    /// <summary>Pure: turns recorded evidence into a verdict with a one-line reason. Must never guess a pass.</summary>
    Verdict Judge(ProbeEvidence evidence);
}

/// <summary>A numbered guest command of a probe.</summary>
public sealed record GuestStep(int Step, string Command, string Purpose);
