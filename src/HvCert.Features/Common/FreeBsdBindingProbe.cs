using HvCert.Hosts;
using HvCert.Probes;

namespace HvCert.Features.Common;

/// <summary>
/// A FreeBSD probe whose guest evidence is "the offered VMBus device is attached to its driver" and whose host evidence
/// is one host action through a facet (step 3). Features with more guest evidence derive from <see cref="FreeBsdGuestProbe"/> directly.
/// </summary>
internal abstract class FreeBsdBindingProbe : FreeBsdGuestProbe
{
    public const int HostStepNumber = 3;

    protected abstract DeviceRole Role { get; }

    /// <summary>The host half, or null when the guest view is all the evidence there is.</summary>
    protected abstract ProbeStep? HostStep(BackendKind backend);

    /// <summary>What the host action must have observed, or null when its success is enough.</summary>
    protected virtual string? HostProblem(HvCert.Evidence.HostActionDone action) => null;

    public override IReadOnlyList<ProbeStep> Steps(BackendKind backend) =>
        HostStep(backend) is { } host ? [.. FreeBsdJudging.Opening(), host] : FreeBsdJudging.Opening();

    public override Verdict Judge(ProbeEvidence evidence)
    {
        if (!evidence.Bound(Role, out var detail, out var failure))
        {
            return failure;
        }

        if (HostStep(evidence.Backend) is null)
        {
            return Verdict.Supported(detail);
        }

        if (!evidence.HostOk(HostStepNumber, out var action, out failure))
        {
            return failure;
        }

        return HostProblem(action) is { } problem
            ? Verdict.NotSupported($"{problem} although {detail}")
            : Verdict.Supported($"host {action.Action} succeeded; {detail}");
    }
}
