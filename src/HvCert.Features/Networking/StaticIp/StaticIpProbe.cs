using System.Globalization;
using HvCert.Catalog;
using HvCert.Features.Common;
using HvCert.Hosts;
using HvCert.Hosts.Facets;
using HvCert.Probes;

namespace HvCert.Features.Networking.StaticIp;

/// <summary>
/// Static IP injection: the host pushes an IPv4 address into the guest (Hyper-V KVP + hv_set_ifconfig, QEMU guest agent)
/// and the guest's interface carries it.
/// </summary>
internal sealed class StaticIpProbe : LinuxGuestProbe
{
    public const int Inject = 1;
    public const int Addresses = 2;
    public const int Cleanup = 3;

    public override string FeatureId => "net.static-ip";

    public override IReadOnlyList<VmFault> NegativeControl { get; } = [VmFault.NoGuestAgent, VmFault.NoKeyValueChannel];

    public override string NegativeControlNote => "the guest has no injection channel (QEMU: no guest agent; Hyper-V: no KVP), so the address cannot arrive";

    // 192.0.2.0/24 is TEST-NET-1 (RFC 5737): never routed, so the injected address cannot clash with a real network.
    public override IReadOnlyDictionary<string, string> Defaults { get; } = Params(("static_ip", "192.0.2.77"), ("static_prefix", "24"));

    public override IReadOnlyList<ProbeStep> Steps(BackendKind backend) =>
    [
        new HostAction<IStaticIpFacet>(Inject, "inject-ip", "host injects {{static_ip}}/{{static_prefix}}", Facet.StaticIpInjection,
            (f, s, ct) => f.InjectAsync(s.Get("static_ip"), s.Int("static_prefix"), ct)),
        // Polls for the injected address (up to 5 s; it was a fixed 3 s sleep): without it the wait ends at the limit.
        new GuestCommand(Addresses, "for i in $(seq 25); do ip -4 -o addr show | grep -q ' {{static_ip}}/' && break; sleep 0.2; done; ip -4 -o addr show",
            "IPv4 addresses in the guest"),
        new GuestCommand(Cleanup, "ip -4 -o addr show | awk '$4 == \"{{static_ip}}/{{static_prefix}}\" {print $2}' | while read -r i; do ip addr del {{static_ip}}/{{static_prefix}} dev \"$i\"; done",
            "remove the injected address", MayFail: true),
    ];

    public override Verdict Judge(ProbeEvidence evidence)
    {
        if (!evidence.HostOk(Inject, out var inject, out var failure) || !evidence.Ran(Addresses, out var addresses, out failure))
        {
            return failure;
        }

        var wanted = $"{evidence.Parameter("static_ip", "192.0.2.77")}/{evidence.Parameter("static_prefix", "24")}";
        var line = addresses.Stdout.Split('\n').FirstOrDefault(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries).Contains(wanted));
        var reported = inject.Observation("reported") is { } r ? $"; host sees {r}" : "";
        return line is not null
            ? Verdict.Supported(string.Create(CultureInfo.InvariantCulture, $"injected {wanted} is on {line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]}{reported}"))
            : Verdict.NotSupported($"host injection reported success but no guest interface carries {wanted}");
    }
}
