using HvCert.Catalog;
using HvCert.Features.Common;
using HvCert.Guests.Tools.Linux;
using HvCert.Hosts;
using HvCert.Hosts.Facets;
using HvCert.Probes;

namespace HvCert.Features.Storage.FibreChannel;

/// <summary>Virtual Fibre Channel: the guest's fc_host carries the WWPN the host assigned to the VM's virtual HBA, and the port is online.</summary>
internal sealed class FibreChannelProbe : LinuxGuestProbe
{
    public const int Hba = 1;
    public const int Inventory = 2;
    public const int FcHosts = 3;

    public override string FeatureId => "storage.fibre-channel";

    // Hyper-V attaches no virtual HBA under NoWwn (DeviceBuilder), so there is no WWPN for the guest to show.
    public override IReadOnlyList<VmFault> NegativeControl { get; } = [VmFault.NoWwn];

    public override string NegativeControlNote => "no virtual HBA is attached (NoWwn), so no guest fc_host can carry the host's WWPN";

    public override IReadOnlyList<ProbeStep> Steps(BackendKind backend) =>
    [
        new HostAction<IFibreChannelFacet>(Hba, "describe-hba", "the virtual HBA's WWNN/WWPN as the host assigned them", Facet.FibreChannel,
            (f, _, ct) => f.DescribeHbaAsync(ct)),
        new GuestCommand(Inventory, SysfsDeviceInventory.Command, "devices on the guest buses with their bound drivers"),
        new GuestCommand(FcHosts, "grep -H . /sys/class/fc_host/host*/port_name /sys/class/fc_host/host*/node_name /sys/class/fc_host/host*/port_state",
            "the guest's Fibre Channel host ports", MayFail: true),
    ];

    public override Verdict Judge(ProbeEvidence evidence) => FibreChannelJudge.Judge(evidence);
}
