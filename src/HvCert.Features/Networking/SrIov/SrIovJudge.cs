using HvCert.Features.Common;
using HvCert.Guests.Tools.Linux;
using HvCert.Hosts;
using HvCert.Probes;
using static HvCert.Features.Networking.SrIov.SrIovProbe;

namespace HvCert.Features.Networking.SrIov;

internal static class SrIovJudge
{
    /// <summary>Linux drivers of the virtual functions Hyper-V/Azure hand out (Mellanox ConnectX-3/4/5, Intel 82599/X540/X710, MANA).</summary>
    public static readonly string[] VfDrivers = ["mlx4_core", "mlx5_core", "ixgbevf", "iavf", "i40evf", "igbvf", "mana"];

    public static Verdict Judge(ProbeEvidence evidence)
    {
        if (!evidence.HostOk(Enable, out _, out var failure) || !evidence.Ran(Pci, out var pci, out failure) || !evidence.Ran(Links, out var links, out failure))
        {
            return failure;
        }

        var vfs = LspciParser.Parse(pci.Stdout).Where(p => p.Description.Contains("Virtual Function", StringComparison.OrdinalIgnoreCase)
            || (p.Driver is { } d && VfDrivers.Contains(d))).ToList();
        if (vfs.Count == 0)
        {
            return Verdict.NotSupported("the host assigned a virtual function but the guest's PCI bus shows none");
        }

        var bound = vfs.FirstOrDefault(v => v.Driver is not null);
        if (bound is null)
        {
            return Verdict.NotSupported($"VF {vfs[0].Address} ({Judging.Clip(vfs[0].Description, 50)}) has no driver bound");
        }

        var synthetic = evidence.Offered(DeviceRole.Network)?.GuestDrivers ?? [];
        var parsed = IpLinkParser.Parse(links.Stdout);
        var slave = parsed.FirstOrDefault(l => l.Master is not null && l.Flags.Contains("SLAVE"));
        var log = evidence.Command(KernelLog)?.Stdout ?? "";
        var switched = log.Contains("Data path switched to VF", StringComparison.Ordinal);
        var vfPackets = EthtoolStats.Parse(evidence.Command(Stats)?.Stdout ?? "").GetValueOrDefault("vf_rx_packets");
        var what = $"VF {bound.Address} bound to {bound.Driver}";
        if (slave is null)
        {
            return Verdict.Caveat($"{what}, but no VF interface is enslaved to the synthetic NIC ({string.Join("/", synthetic)}): traffic does not fail over transparently");
        }

        return switched || vfPackets > 0
            ? Verdict.Supported($"{what}; {slave.Name} enslaved to {slave.Master}; {(switched ? "data path switched to VF" : $"vf_rx_packets {vfPackets}")}")
            : Verdict.Caveat($"{what}; {slave.Name} enslaved to {slave.Master}, but no evidence that traffic uses the VF");
    }
}
