using HvCert.Catalog;
using HvCert.Features.Common;
using HvCert.Hosts;
using HvCert.Hosts.Facets;
using HvCert.Probes;

namespace HvCert.Features.Misc.PciPassthrough;

/// <summary>PCI passthrough/DDA on FreeBSD: after the host assigns a device, the VMBus PCI bridge (44c4f61d) is attached and pciconf lists a device behind it.</summary>
internal sealed class PciPassthroughFreeBsdProbe : FreeBsdGuestProbe
{
    public const int Assign = 3;
    public const int Reconnect = 4;
    public const int Tree = 5;
    public const int Pciconf = 6;

    public override string FeatureId => "misc.pci-passthrough";

    public override IReadOnlyList<VmFault> NegativeControl { get; } = [];

    public override string NegativeControlNote => "none expressible here: no IOMMU or DDA device; an assigned device without a bound driver is the judged negative";

    public override IReadOnlyList<ProbeStep> Steps(BackendKind backend) =>
    [
        .. FreeBsdJudging.Opening(),
        new HostAction<IPciPassthroughFacet>(Assign, "dda-assign", "host assigns a PCI device to the VM", Facet.PciPassthrough,
            (f, _, ct) => f.AssignDeviceAsync(ct)),
        // Hyper-V assigns a device only to a VM that is off: the facet restarts the VM, so the guest is reached again.
        new ReconnectGuest(Reconnect, "reach the guest after the restart the assignment needs", TimeSpan.FromSeconds(180)),
        new GuestCommand(Tree, "sleep 5; devinfo -rv", "VMBus children after the assignment"),
        new GuestCommand(Pciconf, "pciconf -l", "PCI devices with their drivers"),
    ];

    public override Verdict Judge(ProbeEvidence evidence)
    {
        if (!evidence.HostOk(Assign, out var assign, out var failure) || !evidence.Ran(Tree, out var tree, out failure)
            || !evidence.Ran(Pciconf, out var pciconf, out failure))
        {
            return failure;
        }

        var bridge = HvCert.Guests.Tools.FreeBsd.DevinfoParser.Parse(tree.Stdout).VmbusChildren
            .FirstOrDefault(c => c.ClassId == HvCert.Guests.VmbusClasses.ForRole(DeviceRole.PciPassthrough).Single().ClassId);
        var drivers = pciconf.Stdout.Split('\n').Count(l => l.Contains('@', StringComparison.Ordinal) && !l.StartsWith("none", StringComparison.Ordinal));
        return bridge is { Attached: true }
            ? Verdict.Supported($"VMBus PCI bridge {bridge.Name} attached for {assign.Observation("pci") ?? "the device"}; {drivers} PCI devices with drivers")
            : Verdict.NotSupported(bridge is null ? "no VMBus PCI bridge appeared after the assignment" : $"the VMBus PCI bridge is offered but not attached ({bridge.Name})");
    }
}
