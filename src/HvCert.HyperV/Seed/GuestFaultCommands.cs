using HvCert.Hosts;

namespace HvCert.HyperV.Seed;

/// <summary>
/// Negative controls that are a guest configuration, set on Hyper-V through the seed's cloud-init <c>bootcmd</c> (runs as root
/// early in every boot, before SSH), the way the QEMU lab sets its guest faults over SSH before the clean snapshot. Each
/// command is idempotent and never stops the boot: a guest without the module or tool is already in the faulted state.
/// </summary>
internal static class GuestFaultCommands
{
    private static readonly (VmFault Fault, string Command)[] All =
    [
        // The feature is the command: move every lsvmbus on the PATH aside (the differencing disk, never the template, changes).
        (VmFault.LsvmbusRemoved, "for f in /usr/sbin/lsvmbus /usr/bin/lsvmbus /usr/local/sbin/lsvmbus /usr/local/bin/lsvmbus; do [ -e \"$f\" ] && mv \"$f\" \"$f.hvcert-fault\"; done; true"),
        // hv_sock: refuse the module for later loads and unload it now, so the host's AF_HYPERV connect finds no listener.
        (VmFault.HvSocketBlocked, "echo 'install hv_sock /bin/false' > /etc/modprobe.d/hvcert-fault-hv_sock.conf; modprobe -r hv_sock 2>/dev/null; true"),
        // pci-hyperv carries every assigned (DDA/VF) device; without it the assigned device never reaches the guest's PCI bus.
        (VmFault.PassthroughBridgeBlocked, "echo 'install pci_hyperv /bin/false' > /etc/modprobe.d/hvcert-fault-pci_hyperv.conf; modprobe -r pci_hyperv 2>/dev/null; true"),
    ];

    /// <summary>The faults this mechanism sets.</summary>
    public static IEnumerable<VmFault> Faults => All.Select(a => a.Fault);

    /// <summary>The shell commands for the faults in <paramref name="faults"/>, in a fixed order.</summary>
    public static IReadOnlyList<string> For(IReadOnlySet<VmFault> faults) => All.Where(a => faults.Contains(a.Fault)).Select(a => a.Command).ToList();
}
