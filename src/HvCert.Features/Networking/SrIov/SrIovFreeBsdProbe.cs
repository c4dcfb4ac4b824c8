using HvCert.Catalog;
using HvCert.Features.Common;
using HvCert.Hosts;
using HvCert.Hosts.Facets;
using HvCert.Probes;

namespace HvCert.Features.Networking.SrIov;

/// <summary>SR-IOV on FreeBSD: after the host enables a virtual function, hn names its VF (dev.hn.0.vf) and the VF interface (mce/mlxen) exists.</summary>
internal sealed class SrIovFreeBsdProbe : FreeBsdGuestProbe
{
    public const int Enable = 3;
    public const int Vf = 4;

    public override string FeatureId => "net.sriov";

    public override IReadOnlyList<VmFault> NegativeControl { get; } = [];

    public override string NegativeControlNote => "none expressible here: no SR-IOV hardware; an enabled VF that hn does not pair is the judged negative";

    public override IReadOnlyList<ProbeStep> Steps(BackendKind backend) =>
    [
        .. FreeBsdJudging.Opening(),
        new HostAction<ISrIovFacet>(Enable, "sriov-enable", "host enables a virtual function for the NIC", Facet.SrIov,
            (f, _, ct) => f.EnableVirtualFunctionAsync(ct)),
        new GuestCommand(Vf, "sleep 10; sysctl -n dev.hn.0.vf; ifconfig -l", "the VF hn paired with, and the interface list", MayFail: true),
    ];

    public override Verdict Judge(ProbeEvidence evidence)
    {
        if (!evidence.HostOk(Enable, out _, out var failure) || !evidence.Ran(Vf, out var vf, out failure, mayFail: true))
        {
            return failure;
        }

        var lines = vf.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var paired = lines.Length > 1 ? lines[0] : "";
        var interfaces = lines.Length > 0 ? lines[^1].Split(' ') : [];
        return paired.Length > 0 && interfaces.Contains(paired)
            ? Verdict.Supported($"hn0 paired with VF {paired}")
            : Verdict.NotSupported($"the host enabled a VF but hn0 names none ({Judging.FirstLine(vf.Stdout, vf.Stderr)})");
    }
}
