using HvCert.Catalog;
using HvCert.Features.Common;
using HvCert.Hosts;
using HvCert.Hosts.Facets;
using HvCert.Probes;

namespace HvCert.Features.Core.Shutdown;

/// <summary>Integrated shutdown on FreeBSD: hvshutdown (hyperv-utils on 10.x) attached, and a host-initiated shutdown ends cleanly.</summary>
internal sealed class ShutdownFreeBsdProbe : FreeBsdBindingProbe
{
    public override string FeatureId => "core.shutdown";

    public override Isolation Isolation => Isolation.OwnVm;

    public override IReadOnlyList<VmFault> NegativeControl { get; } = [VmFault.ShutdownIgnored];

    public override string NegativeControlNote => "the guest ignores the shutdown request, so the host must force the VM off";

    protected override DeviceRole Role => DeviceRole.Shutdown;

    protected override ProbeStep HostStep(BackendKind backend) =>
        new HostAction<IShutdownFacet>(HostStepNumber, "shutdown", "host requests a clean shutdown", Facet.Shutdown,
            (f, _, ct) => f.ShutdownAsync(TimeSpan.FromMinutes(2), ct));

    protected override string? HostProblem(HvCert.Evidence.HostActionDone action) =>
        action.Observation("clean") == "true" ? null : "the VM did not shut itself down (forced off)";
}
