using HvCert.Catalog;
using HvCert.Features.Common;
using HvCert.Hosts;
using HvCert.Hosts.Facets;
using HvCert.Probes;

namespace HvCert.Features.Networking.Vlan;

/// <summary>VLAN tagging on FreeBSD: a vlan(4) interface over the peer-facing hn NIC reaches the peer on the host-configured VLAN.</summary>
internal sealed class VlanFreeBsdProbe : FreeBsdGuestProbe
{
    public const int Configure = 3;
    public const int CreateVlan = 4;
    public const int Ping = 5;

    public override string FeatureId => "net.vlan";

    public override IReadOnlyList<VmFault> NegativeControl { get; } = [VmFault.PeerVlanMismatch];

    public override string NegativeControlNote => "the peer listens on a different VLAN id, so the tagged ping must fail";

    // guest_mac comes from a peer-link host step when a backend has one; the Hyper-V VLAN facet tags the VM's own NIC port
    // and reports no MAC, so the NIC under test is then {{nic}} (hn0 on a one-NIC VM).
    public override IReadOnlyDictionary<string, string> Defaults { get; } = Params(("vlan_id", "100"), ("guest_mac", ""), ("nic", "hn0"));

    private const string Iface = "M=\"{{guest_mac}}\"; if [ -n \"$M\" ]; then IF=$(" + FreeBsdCommands.InterfaceByMac + "); else IF={{nic}}; fi; " +
        "[ -n \"$IF\" ] || { echo \"no interface has MAC $M\" >&2; exit 3; }; ";

    public override IReadOnlyList<ProbeStep> Steps(BackendKind backend) =>
    [
        .. FreeBsdJudging.Opening(),
        new HostAction<IVlanFacet>(Configure, "vlan", "host carries VLAN {{vlan_id}} to the peer", Facet.Vlan,
            (f, s, ct) => f.ConfigureVlanAsync(s.Int("vlan_id"), ct)),
        new GuestCommand(CreateVlan, Iface + "ifconfig \"$IF\" up && ifconfig vlan{{vlan_id}} create vlan {{vlan_id}} vlandev \"$IF\" inet {{guest_ip}}/{{prefix}} up && ifconfig \"$IF\"",
            "create vlan{{vlan_id}} over the peer-facing NIC"),
        new GuestCommand(Ping, "ping -c 3 -t 10 {{peer_ip}}", "ping the peer over the VLAN", MayFail: true),
    ];

    public override Verdict Judge(ProbeEvidence evidence)
    {
        if (!evidence.HostOk(Configure, out _, out var failure) || !evidence.Ran(CreateVlan, out _, out failure)
            || !evidence.Ran(Ping, out var ping, out failure, mayFail: true))
        {
            return failure;
        }

        var parent = evidence.Interface(CreateVlan);
        if (DeviceIdentity.FreeBsdNicMismatch(evidence, parent?.Name, "VLAN tagging") is { } foreign)
        {
            return foreign;
        }

        var hw = parent?.HasOption("VLAN_HWTAGGING") == true ? " with VLAN_HWTAGGING" : " (software tagging)";
        return ping.ExitCode == 0
            ? Verdict.Supported($"ping over vlan{evidence.ParamInt("vlan_id", 100)} on {parent?.Name ?? "the NIC"}{hw}")
            : Verdict.NotSupported($"no reply over vlan{evidence.ParamInt("vlan_id", 100)}: {Judging.FirstLine(ping.Stdout, ping.Stderr)}");
    }
}
