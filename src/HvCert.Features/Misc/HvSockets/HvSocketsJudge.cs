using HvCert.Features.Common;
using HvCert.Guests.Tools.Linux;
using HvCert.Hosts;
using HvCert.Probes;
using static HvCert.Features.Misc.HvSockets.HvSocketsProbe;

namespace HvCert.Features.Misc.HvSockets;

internal static class HvSocketsJudge
{
    public static Verdict Judge(ProbeEvidence evidence)
    {
        var connect = evidence.Host(Connect);
        if (connect is not null && !connect.Ok && connect.Observations.ContainsKey(HostStep.NotOfferedKey))
        {
            return Verdict.NotOffered($"not offered by this backend: {connect.Observation(HostStep.NotOfferedKey)}");
        }

        var modules = evidence.Command(Modules) is { ExitCode: 0 } m ? LsmodParser.Parse(m.Stdout) : [];
        var log = evidence.Command(KernelLog) is { } k ? KernelLogParser.Parse(k.Stdout) : [];
        var transport = evidence.Backend == BackendKind.HyperV ? "hv_sock" : "vmw_vsock_virtio_transport";
        var registered = LsmodParser.Has(modules, transport)
            || (evidence.Backend == BackendKind.HyperV && KernelLogEvents.HvSockRegistered(log));
        if (!registered)
        {
            return Verdict.NotSupported($"the guest has no {transport} transport (not in lsmod{(evidence.Backend == BackendKind.HyperV ? " nor registered in the kernel log" : string.Empty)})");
        }

        if (!evidence.Ran(Listen, out _, out var failure) || !evidence.HostOk(Connect, out var host, out failure))
        {
            return failure;
        }

        return PayloadRoundTrip(host, transport);
    }

    /// <summary>Supported only when the host recorded a non-empty payload and got exactly that payload back.</summary>
    public static Verdict PayloadRoundTrip(HvCert.Evidence.HostActionDone host, string what)
    {
        var sent = host.Observation("payload");
        var echo = host.Observation("echo");
        if (string.IsNullOrEmpty(sent))
        {
            return Verdict.Error($"the host's socket connection recorded no payload (echo '{Judging.Clip(echo ?? "", 40)}'): without what was sent, the echo proves no round trip");
        }

        return echo == sent
            ? Verdict.Supported($"{what}; the host reached guest port {host.Observation("port") ?? "?"}, sent {sent.Length} bytes and got them back unchanged")
            : Verdict.NotSupported($"{what}, but the host sent '{Judging.Clip(sent, 40)}' and got back '{Judging.Clip(echo ?? "nothing", 40)}'");
    }
}
