using HvCert.Hosts;
using HvCert.Probes;

namespace HvCert.Features.Common;

/// <summary>One numbered step of a probe: a guest command or a host action. Steps share one number sequence from 1.</summary>
internal abstract record ProbeStep(int Step, string Purpose);

/// <summary>
/// A shell command run in the guest. <paramref name="Command"/> may hold <c>{{name}}</c> placeholders, filled from the
/// suite parameters and from the observations of earlier host actions (see <see cref="CommandTemplate"/>).
/// </summary>
/// <param name="MayFail">True when a non-zero exit is evidence the judge reads (e.g. a ping that must fail), not a broken step.</param>
internal sealed record GuestCommand(int Step, string Command, string Purpose, TimeSpan? Timeout = null, bool MayFail = false)
    : ProbeStep(Step, Purpose);

/// <summary>
/// A host-side action through one facet of the VM (<typeparamref name="TFacet"/> from Hosts/Facets). When the VM's backend
/// lacks the facet, the runner records a failed action with a <c>not_offered</c> observation carrying the backend's reason.
/// </summary>
internal sealed record HostAction<TFacet>(int Step, string Action, string Purpose, HvCert.Catalog.Facet Needs,
    Func<TFacet, StepScope, CancellationToken, Task<HostActionResult>> Run)
    : HostStep(Step, Action, Purpose, Needs) where TFacet : class
{
    public override async Task<HostActionResult> ExecuteAsync(ProbeContext context, StepScope scope, CancellationToken cancellationToken)
    {
        var facet = context.Vm.Facet<TFacet>();
        if (facet is null)
        {
            var why = context.Capabilities?.WhyNot(Needs) ?? $"this VM's backend has no {Needs} facet";
            return HostActionResult.NotOffered(Action, why);
        }

        return await Run(facet, scope, cancellationToken);
    }
}

/// <summary>A host-side step that needs no facet: it reads the VM itself (its spec, its serial log).</summary>
internal sealed record HostRead(int Step, string Action, string Purpose, Func<IVm, StepScope, HostActionResult> Read)
    : HostStep(Step, Action, Purpose, null)
{
    public override Task<HostActionResult> ExecuteAsync(ProbeContext context, StepScope scope, CancellationToken cancellationToken) =>
        Task.FromResult(Read(context.Vm, scope));
}

internal abstract record HostStep(int Step, string Action, string Purpose, HvCert.Catalog.Facet? Facet) : ProbeStep(Step, Purpose)
{
    /// <summary>The observation a host step records when its facet is missing; judges turn it into Not offered.</summary>
    public const string NotOfferedKey = HostActionResult.NotOfferedKey;

    /// <summary>An optional step's failure does not end the run (e.g. CPU hot-add, which Hyper-V lacks).</summary>
    public bool Optional { get; init; }

    public abstract Task<HostActionResult> ExecuteAsync(ProbeContext context, StepScope scope, CancellationToken cancellationToken);
}
