using HvCert.Features.Common;
using HvCert.Hosts;
using HvCert.Probes;

namespace HvCert.Features.Core.Mouse;

/// <summary>
/// Integrated mouse on FreeBSD: the synthetic mouse (cfa8b69e) needs the hvhid driver, which arrived after 13.2;
/// older releases list the device as `unknown pnpinfo classid=cfa8b69e…`, which is judged Not supported.
/// </summary>
internal sealed class MouseFreeBsdProbe : FreeBsdBindingProbe
{
    public override string FeatureId => "core.mouse";

    public override IReadOnlyList<VmFault> NegativeControl { get; } = [VmFault.NoMouseDevice];

    public override string NegativeControlNote => "the VM has no synthetic mouse";

    protected override DeviceRole Role => DeviceRole.Mouse;

    protected override ProbeStep? HostStep(BackendKind backend) => null;
}
