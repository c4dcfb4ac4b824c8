using HvCert.Features.Common;
using HvCert.Hosts;
using HvCert.Probes;

namespace HvCert.Features.Core.NetworkDevice;

/// <summary>Hyper-V network on FreeBSD: hn(4) attached to the offered NIC channel and the link active.</summary>
internal sealed class NetworkDeviceFreeBsdProbe : FreeBsdGuestProbe
{
    public const int Ifconfig = 3;

    public override string FeatureId => "core.network-device";

    public override IReadOnlyList<VmFault> NegativeControl { get; } = [];

    public override string NegativeControlNote => "none on FreeBSD: the lab cannot boot FreeBSD; an unattached NIC channel or a link without carrier is the judged negative";

    public override IReadOnlyDictionary<string, string> Defaults { get; } = Params(("nic", "hn0"));

    public override IReadOnlyList<ProbeStep> Steps(BackendKind backend) =>
        [.. FreeBsdJudging.Opening(), new GuestCommand(Ifconfig, "ifconfig " + FreeBsdCommands.Nic, "link state of the Hyper-V NIC")];

    public override Verdict Judge(ProbeEvidence evidence)
    {
        if (!evidence.Bound(DeviceRole.Network, out var detail, out var failure) || !evidence.Ran(Ifconfig, out _, out failure))
        {
            return failure;
        }

        var nic = evidence.Interface(Ifconfig);
        return nic?.Status == "active"
            ? Verdict.Supported($"{detail}; {nic.Name} status active")
            : Verdict.NotSupported($"{detail}, but {nic?.Name ?? "the interface"} status is '{nic?.Status ?? "unknown"}'");
    }
}
