using HvCert.Catalog;
using HvCert.Features.Common;
using HvCert.Hosts;
using HvCert.Hosts.Facets;
using HvCert.Probes;

namespace HvCert.Features.Misc.HvSockets;

/// <summary>Hyper-V sockets on FreeBSD: the hvsock module is loaded and the host's AF_HYPERV connection to the guest echoes.</summary>
internal sealed class HvSocketsFreeBsdProbe : FreeBsdGuestProbe
{
    public const int Module = 3;
    public const int Connect = 4;

    public override string FeatureId => "misc.hv-sockets";

    public override IReadOnlyList<VmFault> NegativeControl { get; } = [];

    public override string NegativeControlNote => "none expressible here: the lab has no vsock; a guest without hvsock is the judged negative";

    public override IReadOnlyDictionary<string, string> Defaults { get; } = Params(("hvsock_port", "5001"));

    public override IReadOnlyList<ProbeStep> Steps(BackendKind backend) =>
    [
        .. FreeBsdJudging.Opening(),
        new GuestCommand(Module, "kldstat -v | grep -i hvsock", "the Hyper-V socket module", MayFail: true),
        new HostAction<IHostSocketFacet>(Connect, "hvsock-connect", "host connects to the guest over AF_HYPERV", Facet.HostSockets,
            (f, s, ct) => f.ConnectAsync(s.Int("hvsock_port"), "hvcert-" + Guid.NewGuid().ToString("N")[..12], ct)),
    ];

    public override Verdict Judge(ProbeEvidence evidence)
    {
        if (!evidence.Ran(Module, out var module, out var failure, mayFail: true))
        {
            return failure;
        }

        if (module.ExitCode != 0)
        {
            return Verdict.NotSupported("the hvsock module is not loaded in the guest");
        }

        if (!evidence.HostOk(Connect, out var connect, out failure))
        {
            return failure;
        }

        return HvSocketsJudge.PayloadRoundTrip(connect, "hvsock loaded");
    }
}
