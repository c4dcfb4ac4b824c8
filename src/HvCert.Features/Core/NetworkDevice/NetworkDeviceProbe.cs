using HvCert.Features.Common;
using HvCert.Guests.Tools.Linux;
using HvCert.Hosts;
using HvCert.Probes;

namespace HvCert.Features.Core.NetworkDevice;

/// <summary>Hyper-V specific network device: the synthetic NIC the host offered is bound to its driver and its link is up.</summary>
internal sealed class NetworkDeviceProbe : LinuxGuestProbe
{
    public const int Inventory = 1;
    public const int Drivers = 2;
    public const int Links = 3;

    public override string FeatureId => "core.network-device";

    public override IReadOnlyList<VmFault> NegativeControl { get; } = [VmFault.NicDriverBlocked];

    public override string NegativeControlNote => "the guest is booted with the synthetic NIC's driver blocked (module_blacklist), so the offered NIC has no driver";

    public override IReadOnlyList<ProbeStep> Steps(BackendKind backend) =>
    [
        new GuestCommand(Inventory, SysfsDeviceInventory.Command, "devices on the guest buses with their bound drivers"),
        new GuestCommand(Drivers, EthtoolDriverInfo.AllInterfacesCommand, "driver of every network interface"),
        new GuestCommand(Links, "ip -d link show", "interface state and MTU"),
    ];

    public override Verdict Judge(ProbeEvidence evidence) => NetworkDeviceJudge.Judge(evidence);
}
