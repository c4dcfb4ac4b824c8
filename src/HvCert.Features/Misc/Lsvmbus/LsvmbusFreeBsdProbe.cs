using HvCert.Features.Common;
using HvCert.Hosts;
using HvCert.Probes;

namespace HvCert.Features.Misc.Lsvmbus;

/// <summary>
/// The lsvmbus command on FreeBSD: FreeBSD ships no lsvmbus (Microsoft's table is blank); `devinfo -rv` is its equivalent,
/// so the verdict is Not supported with the devinfo device count as context, unless an lsvmbus is installed and works.
/// </summary>
internal sealed class LsvmbusFreeBsdProbe : FreeBsdGuestProbe
{
    public const int Lsvmbus = 3;

    public override string FeatureId => "misc.lsvmbus";

    public override IReadOnlyList<VmFault> NegativeControl { get; } = [];

    public override string NegativeControlNote => "FreeBSD itself is the negative: no lsvmbus in base";

    public override IReadOnlyList<ProbeStep> Steps(BackendKind backend) =>
        [.. FreeBsdJudging.Opening(), new GuestCommand(Lsvmbus, "lsvmbus -vv", "the lsvmbus command, if any", MayFail: true)];

    public override Verdict Judge(ProbeEvidence evidence)
    {
        if (!evidence.Ran(FreeBsdJudging.Devinfo, out _, out var failure))
        {
            return failure;
        }

        var count = evidence.Tree().VmbusChildren.Count;
        var lsvmbus = evidence.Command(Lsvmbus);
        return lsvmbus is { ExitCode: 0 } && lsvmbus.Stdout.Contains("Class_ID", StringComparison.Ordinal)
            ? Verdict.Supported($"lsvmbus lists VMBus devices (devinfo shows {count})")
            : Verdict.NotSupported($"no lsvmbus command on FreeBSD (exit {lsvmbus?.ExitCode.ToString() ?? "?"}); devinfo -rv lists {count} VMBus devices instead");
    }
}
