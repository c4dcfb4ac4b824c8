using HvCert.Catalog;
using HvCert.Features.Common;
using HvCert.Hosts;
using HvCert.Hosts.Facets;
using HvCert.Probes;

namespace HvCert.Features.Networking.StaticIp;

/// <summary>Static IP injection on FreeBSD: hvkvp attached, hv_kvp_daemon running, and the host-pushed address appears on the NIC.</summary>
internal sealed class StaticIpFreeBsdProbe : FreeBsdGuestProbe
{
    public const int Daemon = 3;
    public const int Inject = 4;
    public const int Addresses = 5;

    public override string FeatureId => "net.static-ip";

    public override IReadOnlyList<VmFault> NegativeControl { get; } = [VmFault.NoKeyValueChannel];

    public override string NegativeControlNote => "the VM has no key-value channel, so the host cannot push an address";

    public override IReadOnlyDictionary<string, string> Defaults { get; } =
        Params(("nic", "hn0"), ("static_ip", "192.0.2.77"), ("static_prefix", "24"));

    public override IReadOnlyList<ProbeStep> Steps(BackendKind backend) =>
    [
        .. FreeBsdJudging.Opening(),
        new GuestCommand(Daemon, "service hv_kvp_daemon status", "the KVP daemon that applies injected addresses", MayFail: true),
        new HostAction<IStaticIpFacet>(Inject, "inject-ip", "host injects {{static_ip}}/{{static_prefix}}", Facet.StaticIpInjection,
            (f, s, ct) => f.InjectAsync(s.Get("static_ip"), s.Int("static_prefix"), ct)),
        new GuestCommand(Addresses, "sleep 5; ifconfig " + FreeBsdCommands.Nic, "addresses on the NIC after injection"),
    ];

    public override Verdict Judge(ProbeEvidence evidence)
    {
        if (!evidence.Bound(DeviceRole.KeyValue, out var detail, out var failure) || !evidence.Ran(Daemon, out var daemon, out failure, mayFail: true))
        {
            return failure;
        }

        if (daemon.ExitCode != 0)
        {
            return Verdict.NotSupported($"hv_kvp_daemon is not running ({Judging.FirstLine(daemon.Stdout, daemon.Stderr)}); {detail}");
        }

        if (!evidence.HostOk(Inject, out _, out failure) || !evidence.Ran(Addresses, out _, out failure))
        {
            return failure;
        }

        var ip = evidence.Parameter("static_ip", "192.0.2.77");
        var nic = evidence.Interface(Addresses);
        return nic?.Inet.Contains(ip) == true
            ? Verdict.Supported($"{ip} injected by the host is on {nic.Name}; {detail}")
            : Verdict.NotSupported($"{ip} injected by the host is not on {nic?.Name ?? "the NIC"} ({string.Join(", ", nic?.Inet ?? [])})");
    }
}
