using HvCert.Guests.Tools.Linux;
using HvCert.Catalog;
using HvCert.Features.Common;
using HvCert.Hosts;
using HvCert.Hosts.Facets;
using HvCert.Probes;

namespace HvCert.Features.Networking.SrIov;

/// <summary>
/// SR-IOV: the host gives the VM a virtual function; the guest binds the VF's driver (mlx4/mlx5/ixgbevf/…), the VF
/// interface is enslaved to the synthetic NIC (Hyper-V transparent VF) and traffic flows through it (netvsc's vf_* counters).
/// </summary>
internal sealed class SrIovProbe : LinuxGuestProbe
{
    public const int Enable = 1;
    public const int Pci = 2;
    public const int Links = 3;
    public const int KernelLog = 4;
    public const int Stats = 5;
    public const int Drivers = 6;

    public override string FeatureId => "net.sriov";

    public override IReadOnlyList<VmFault> NegativeControl { get; } = [VmFault.SrIovDisabled];

    public override string NegativeControlNote => "SR-IOV is switched off for the VM's NIC (IovWeight 0), so no virtual function appears";

    public override IReadOnlyList<ProbeStep> Steps(BackendKind backend) =>
    [
        new HostAction<ISrIovFacet>(Enable, "sriov", "host assigns a virtual function", Facet.SrIov, (f, _, ct) => f.EnableVirtualFunctionAsync(ct)),
        new GuestCommand(Pci, "sleep 5; lspci -nn -k -D", "PCI devices with their drivers"),
        new GuestCommand(Links, "ip -d link show", "interfaces and their masters"),
        new GuestCommand(KernelLog, "dmesg | grep -iE 'VF registering|VF unregistering|Data path switched|VF slot' | tail -n 20", "netvsc VF events", MayFail: true),
        new GuestCommand(Stats, "for n in /sys/class/net/*; do i=${n##*/}; [ \"$i\" = lo ] && continue; echo \"== $i\"; ethtool -S \"$i\" 2>/dev/null | grep -E '^ *vf_'; done",
            "per-interface VF counters (netvsc vf_rx_packets)", MayFail: true),
        new GuestCommand(Drivers, EthtoolDriverInfo.AllInterfacesCommand, "driver of every interface (is the VF's master the synthetic NIC?)", MayFail: true),
    ];

    public override Verdict Judge(ProbeEvidence evidence) => SrIovJudge.Judge(evidence);
}
