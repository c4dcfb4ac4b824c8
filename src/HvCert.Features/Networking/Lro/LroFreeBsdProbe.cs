using HvCert.Features.Common;
using HvCert.Hosts;
using HvCert.Probes;

namespace HvCert.Features.Networking.Lro;

/// <summary>LRO on FreeBSD: `ifconfig hn0` options carry LRO.</summary>
internal sealed class LroFreeBsdProbe : FreeBsdGuestProbe
{
    public const int Ifconfig = 3;

    public override string FeatureId => "net.lro";

    public override IReadOnlyList<VmFault> NegativeControl { get; } = [VmFault.OffloadsDisabled];

    public override string NegativeControlNote => "the host disables the NIC's offloads, so LRO must be missing";

    public override IReadOnlyDictionary<string, string> Defaults { get; } = Params(("nic", "hn0"));

    public override IReadOnlyList<ProbeStep> Steps(BackendKind backend) =>
        [.. FreeBsdJudging.Opening(), new GuestCommand(Ifconfig, "ifconfig " + FreeBsdCommands.Nic, "interface options (LRO)")];

    public override Verdict Judge(ProbeEvidence evidence)
    {
        if (!evidence.Bound(DeviceRole.Network, out var detail, out var failure) || !evidence.Ran(Ifconfig, out _, out failure))
        {
            return failure;
        }

        var nic = evidence.Interface(Ifconfig);
        return nic?.HasOption("LRO") == true
            ? Verdict.Supported($"{nic.Name} options include LRO")
            : Verdict.NotSupported($"{nic?.Name ?? "the NIC"} options lack LRO; {detail}");
    }
}
