using HvCert.Features.Common;
using HvCert.Hosts;
using HvCert.Probes;

namespace HvCert.Features.Video.SyntheticVideo;

/// <summary>
/// The Hyper-V synthetic video device on FreeBSD does not apply: FreeBSD has no synthvid driver and drives the console
/// through efifb (Gen2) or VGA (Gen1). The probe records what devinfo shows for the offered device.
/// </summary>
internal sealed class SyntheticVideoFreeBsdProbe : FreeBsdGuestProbe
{
    public override string FeatureId => "video.synthetic";

    public override IReadOnlyList<VmFault> NegativeControl { get; } = [];

    public override string NegativeControlNote => "not applicable on FreeBSD";

    public override IReadOnlyList<ProbeStep> Steps(BackendKind backend) => FreeBsdJudging.Opening();

    public override Verdict Judge(ProbeEvidence evidence)
    {
        if (!evidence.Ran(FreeBsdJudging.Devinfo, out _, out var failure))
        {
            return failure;
        }

        if (evidence.Bound(DeviceRole.Video, out var detail, out _))
        {
            return Verdict.Caveat($"a FreeBSD driver attached the synthetic video device ({detail}), which Microsoft's table does not list");
        }

        var console = evidence.Command(FreeBsdJudging.BootLog)?.Stdout.Contains("VT(efifb)", StringComparison.Ordinal) == true ? "efifb" : "vga";
        return Verdict.NotApplicable($"FreeBSD has no Hyper-V synthetic video driver; the console uses {console}");
    }
}
