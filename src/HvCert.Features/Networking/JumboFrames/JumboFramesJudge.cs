using HvCert.Features.Common;
using HvCert.Guests.Tools.Linux;
using HvCert.Probes;
using static HvCert.Features.Networking.JumboFrames.JumboFramesProbe;

namespace HvCert.Features.Networking.JumboFrames;

internal static class JumboFramesJudge
{
    public static Verdict Judge(ProbeEvidence evidence)
    {
        var mtu = evidence.ParamInt("mtu", 9000);
        var payload = evidence.ParamInt("payload_bytes", 8972);
        if (!evidence.HostOk(Prepare, out var prepare, out var failure))
        {
            return failure;
        }

        if (!evidence.Ran(Configure, out var configure, out failure))
        {
            return failure;
        }

        if (!evidence.Nic(Configure, "Jumbo frames", out var nic, out failure))
        {
            return failure;
        }

        var link = IpLinkParser.Parse(configure.Stdout) is [var l, ..] ? l : null;
        if (link?.Mtu != mtu)
        {
            return Verdict.NotSupported($"{nic.Describe()} did not take MTU {mtu} (ip link shows {link?.Mtu?.ToString() ?? "nothing"})");
        }

        if (!evidence.Ran(BigPing, out var big, out failure, mayFail: true))
        {
            return failure;
        }

        var first = PingSummaryParser.Parse(big.Stdout + "\n" + big.Stderr);
        var peerMtu = prepare.Observation("peer_mtu") ?? "?";
        if (first is null || first.Received == 0)
        {
            return Verdict.NotSupported($"{payload}-byte don't-fragment ping to the peer failed at guest MTU {mtu}, peer MTU {peerMtu} ({Judging.FirstLine(big.Stderr, big.Stdout)})");
        }

        if (!evidence.HostOk(PeerTo1500, out _, out failure) || !evidence.Ran(BigPingAt1500, out var capped, out failure, mayFail: true))
        {
            return failure;
        }

        var second = PingSummaryParser.Parse(capped.Stdout + "\n" + capped.Stderr);
        if (second is null || second.Received > 0)
        {
            return Verdict.Error($"in-probe control failed: the {payload}-byte ping still passed with the peer at MTU 1500, so the link does not enforce MTU and proves nothing");
        }

        return Verdict.Supported($"{nic.Describe()}: MTU {mtu} on both ends: {payload}-byte DF ping {first.Received}/{first.Transmitted} answered; at peer MTU 1500 {second.Received}/{second.Transmitted}");
    }
}
