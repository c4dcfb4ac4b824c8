using HvCert.Catalog;
using HvCert.Features.Common;
using HvCert.Hosts;
using HvCert.Hosts.Facets;
using HvCert.Probes;

namespace HvCert.Features.Misc.PciPassthrough;

/// <summary>PCI passthrough / DDA: a host PCI device assigned to the VM appears in the guest (Hyper-V: behind a pci-hyperv bridge on a non-zero PCI domain) with its driver bound.</summary>
internal sealed class PciPassthroughProbe : LinuxGuestProbe
{
    public const int Assign = 1;
    public const int Reconnect = 2;
    public const int Devices = 3;
    public const int KernelLog = 4;

    public override string FeatureId => "misc.pci-passthrough";

    public override IReadOnlyList<VmFault> NegativeControl { get; } = [VmFault.PassthroughBridgeBlocked];

    public override string NegativeControlNote => "the guest refuses and unloads pci-hyperv (Hyper-V: the seed's bootcmd), so the device the host assigned never reaches its PCI bus";

    public override IReadOnlyList<ProbeStep> Steps(BackendKind backend) =>
    [
        new HostAction<IPciPassthroughFacet>(Assign, "assign-device", "host assigns a PCI device to the VM", Facet.PciPassthrough, (f, _, ct) => f.AssignDeviceAsync(ct)),
        // Hyper-V assigns a device only to a VM that is off: the facet restarts the VM, so the guest is reached again.
        new ReconnectGuest(Reconnect, "reach the guest after the restart the assignment needs", TimeSpan.FromSeconds(180)),
        new GuestCommand(Devices, "lspci -D -nn -k", "PCI devices with domains, ids and bound drivers"),
        new GuestCommand(KernelLog, "dmesg | grep -E 'hv_pci|PCI host bridge'", "pass-through bridge lines", MayFail: true),
    ];

    public override Verdict Judge(ProbeEvidence evidence) => PciPassthroughJudge.Judge(evidence);
}
