using HvCert.Catalog;
using HvCert.Features.Common;
using HvCert.Guests.Tools.Linux;
using HvCert.Hosts;
using HvCert.Hosts.Facets;
using HvCert.Probes;

namespace HvCert.Features.Misc.Lsvmbus;

/// <summary>
/// The lsvmbus command: on Hyper-V, <c>lsvmbus -vv</c> lists every VMBus device the host offered. On the QEMU lab, which has
/// no VMBus, the same question is asked of its device bus: the guest's <c>lspci -nn</c> matches the host's <c>query-pci</c>.
/// </summary>
internal sealed class LsvmbusProbe : LinuxGuestProbe
{
    public const int Listing = 1;
    public const int Cross = 2;

    public override string FeatureId => "misc.lsvmbus";

    public override IReadOnlyList<VmFault> NegativeControl { get; } = [VmFault.LsvmbusRemoved];

    public override string NegativeControlNote => "the guest's lsvmbus is moved out of the PATH (Hyper-V: the seed's bootcmd), so the command the feature names is missing";

    public override IReadOnlyList<ProbeStep> Steps(BackendKind backend) => backend == BackendKind.HyperV
        ?
        [
            new GuestCommand(Listing, "lsvmbus -vv", "VMBus devices with class GUIDs and channels (hyperv-tools / linux-cloud-tools)", MayFail: true),
            new GuestCommand(Cross, SysfsDeviceInventory.Command, "the sysfs device inventory, the fallback when lsvmbus is not installed"),
        ]
        :
        [
            new GuestCommand(Listing, "lspci -nn", "PCI devices with vendor:device ids"),
            new HostAction<IDeviceBusFacet>(Cross, "query-pci", "the host's list of PCI devices it gave the VM", Facet.DeviceBus, (f, _, ct) => f.ListDevicesAsync(ct)),
        ];

    public override Verdict Judge(ProbeEvidence evidence) => LsvmbusJudge.Judge(evidence);
}
