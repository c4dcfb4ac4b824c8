using HvCert.Features.Common;
using HvCert.Hosts;
using HvCert.Probes;

namespace HvCert.Features.Networking.TsoChecksum;

/// <summary>TSO and checksum offload on FreeBSD: `ifconfig hn0` options carry RXCSUM, TXCSUM and TSO4.</summary>
internal sealed class TsoChecksumFreeBsdProbe : FreeBsdGuestProbe
{
    public const int Ifconfig = 3;

    private static readonly string[] Required = ["RXCSUM", "TXCSUM", "TSO4"];

    public override string FeatureId => "net.tso-checksum";

    public override IReadOnlyList<VmFault> NegativeControl { get; } = [VmFault.OffloadsDisabled];

    public override string NegativeControlNote => "the host disables the NIC's offloads, so the options must be missing";

    public override IReadOnlyDictionary<string, string> Defaults { get; } = Params(("nic", "hn0"));

    public override IReadOnlyList<ProbeStep> Steps(BackendKind backend) =>
        [.. FreeBsdJudging.Opening(), new GuestCommand(Ifconfig, "ifconfig " + FreeBsdCommands.Nic, "interface options (offload capabilities enabled)")];

    public override Verdict Judge(ProbeEvidence evidence)
    {
        if (!evidence.Bound(DeviceRole.Network, out var detail, out var failure) || !evidence.Ran(Ifconfig, out _, out failure))
        {
            return failure;
        }

        var nic = evidence.Interface(Ifconfig);
        var missing = Required.Where(o => nic?.HasOption(o) != true).ToList();
        var extra = nic is null ? "" : string.Join(",", new[] { "TSO6", "RXCSUM_IPV6", "TXCSUM_IPV6" }.Where(nic.HasOption));
        return missing.Count == 0
            ? Verdict.Supported($"{nic!.Name} options include RXCSUM,TXCSUM,TSO4{(extra.Length > 0 ? "," + extra : "")}")
            : Verdict.NotSupported($"{nic?.Name ?? "the NIC"} lacks {string.Join(",", missing)}; {detail}");
    }
}
