using HvCert.Catalog;
using HvCert.Features.Common;
using HvCert.Hosts;
using HvCert.Hosts.Facets;
using HvCert.Probes;

namespace HvCert.Features.Misc.HvSockets;

/// <summary>Hyper-V sockets: the hv_sock transport is registered and a host connection reaches a guest AF_VSOCK listener and echoes back.</summary>
internal sealed class HvSocketsProbe : LinuxGuestProbe
{
    public const int Modules = 1;
    public const int KernelLog = 2;
    public const int Listen = 3;
    public const int Connect = 4;

    public override string FeatureId => "misc.hv-sockets";

    public override IReadOnlyList<VmFault> NegativeControl { get; } = [VmFault.HvSocketBlocked];

    public override string NegativeControlNote => "the guest refuses and unloads hv_sock (Hyper-V: the seed's bootcmd), so the host's connect reaches no listener";

    public override IReadOnlyDictionary<string, string> Defaults { get; } = Params(("vsock_port", "5001"));

    public override IReadOnlyList<ProbeStep> Steps(BackendKind backend) =>
    [
        new GuestCommand(Modules, "lsmod", "loaded modules (hv_sock, vsock)", MayFail: true),
        new GuestCommand(KernelLog, "dmesg | grep -E 'hv_sock|PF_VSOCK|protocol family 40'", "socket transport registration lines", MayFail: true),
        new GuestCommand(Listen, "command -v socat >/dev/null || { echo 'socat: command not found' >&2; exit 127; }; " +
            "(timeout 60 socat VSOCK-LISTEN:{{vsock_port}},reuseaddr EXEC:cat >/dev/null 2>&1 &); sleep 1; echo listening",
            "a guest AF_VSOCK echo listener on port {{vsock_port}}", MayFail: true),
        new HostAction<IHostSocketFacet>(Connect, "hvsock-connect", "host connects to the guest port and sends a payload", Facet.HostSockets,
            (f, s, ct) => f.ConnectAsync(s.Int("vsock_port"), "hvcert-" + Guid.NewGuid().ToString("N")[..12], ct)),
    ];

    public override Verdict Judge(ProbeEvidence evidence) => HvSocketsJudge.Judge(evidence);
}
