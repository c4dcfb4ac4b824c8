using System.Globalization;
using System.Text.RegularExpressions;
using HvCert.Features.Common;
using HvCert.Guests.Tools.FreeBsd;
using HvCert.Hosts;
using HvCert.Probes;

namespace HvCert.Features.Networking.Vrss;

/// <summary>vRSS on FreeBSD: hn uses more than one RX ring (dev.hn.0.rx_ring_inuse), and more than one ring carried packets.</summary>
internal sealed partial class VrssFreeBsdProbe : FreeBsdGuestProbe
{
    public const int Rings = 3;

    public override string FeatureId => "net.vrss";

    public override IReadOnlyList<VmFault> NegativeControl { get; } = [VmFault.SingleQueueNic];

    public override string NegativeControlNote => "the NIC gets one queue pair, so only one RX ring can be in use";

    public override IReadOnlyDictionary<string, string> Defaults { get; } = Params(("min_queues", "2"));

    public override IReadOnlyList<ProbeStep> Steps(BackendKind backend) =>
    [
        .. FreeBsdJudging.Opening(),
        new GuestCommand(Rings, "sysctl dev.hn.0.rx_ring_inuse dev.hn.0.tx_ring_inuse; sysctl dev.hn.0.rx | grep -E '\\.packets:'", "rings in use and packets per RX ring"),
    ];

    public override Verdict Judge(ProbeEvidence evidence)
    {
        if (!evidence.Ran(Rings, out var rings, out var failure))
        {
            return failure;
        }

        var values = SysctlParser.Parse(rings.Stdout);
        if (!int.TryParse(values.GetValueOrDefault("dev.hn.0.rx_ring_inuse"), CultureInfo.InvariantCulture, out var inUse))
        {
            return Verdict.NotSupported($"dev.hn.0.rx_ring_inuse is missing: {Judging.FirstLine(rings.Stdout, rings.Stderr)}");
        }

        var busy = values.Where(kv => RxPackets().IsMatch(kv.Key) && long.TryParse(kv.Value, CultureInfo.InvariantCulture, out var n) && n > 0).Count();
        var min = evidence.ParamInt("min_queues", 2);
        if (inUse < min)
        {
            return Verdict.NotSupported($"{inUse} RX ring(s) in use, fewer than {min}");
        }

        return busy > 1
            ? Verdict.Supported($"{inUse} RX rings in use, {busy} of them carried packets")
            : Verdict.Caveat($"{inUse} RX rings in use, but only {busy} carried packets so far");
    }

    [GeneratedRegex(@"^dev\.hn\.0\.rx\.\d+\.packets$")]
    private static partial Regex RxPackets();
}
