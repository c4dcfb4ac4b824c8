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

        // A VF that left the data path (hot-removed, driver unbound) is the feature failing, whatever came before it.
        var events = VfEvents(evidence.Command(KernelLog)?.Stdout ?? "");
        if (events.LastOrDefault() is { Removal: true } last)
        {
            return Verdict.NotSupported($"the kernel's last VF event is a removal: {Judging.Clip(last.Message, 120)}");
        }

        var what = $"VF {bound.Address} bound to {bound.Driver}";
        var synthetic = DeviceIdentity.ExpectedDrivers(evidence, DeviceRole.Network);
        var drivers = evidence.Command(Drivers) is { } dc ? EthtoolDriverInfo.ParseAll(dc.Stdout) : [];
        var slaves = IpLinkParser.Parse(links.Stdout).Where(l => l.Master is not null && l.Flags.Contains("SLAVE")).ToList();
        var slave = slaves.FirstOrDefault(l => drivers.Any(n => n.Interface == l.Master && n.Driver is { } d && synthetic.Any(x => SysfsDeviceInventory.SameDriver(x, d))));
        if (slave is null)
        {
            if (slaves.Count == 0 && drivers.Count > 0 && !drivers.Any(n => n.Driver is { } d && synthetic.Any(x => SysfsDeviceInventory.SameDriver(x, d))))
            {
                // No synthetic NIC at all: the VF belongs to some other platform's NIC setup, not Hyper-V's accelerated networking.
                return Verdict.NotSupported($"{what}, but the guest has no synthetic NIC ({string.Join("/", synthetic)}) for it to pair with; its NICs are {string.Join(", ", drivers.Select(n => $"{n.Interface} ({n.Driver ?? "no driver"})"))}");
            }

            if (slaves.Count == 0)
            {
                return Verdict.Caveat($"{what}, but no VF interface is enslaved to the synthetic NIC ({string.Join("/", synthetic)}): traffic does not fail over transparently");
            }

            var foreign = slaves.Select(l => (Slave: l, Master: drivers.FirstOrDefault(n => n.Interface == l.Master))).FirstOrDefault(x => x.Master?.Driver is not null);
            return foreign.Master?.Driver is { } other
                ? Verdict.NotSupported($"{what}; {foreign.Slave.Name} is enslaved to {foreign.Slave.Master}, whose driver is {other}, not the synthetic NIC ({string.Join("/", synthetic)})")
                : Verdict.Caveat($"{what}; {slaves[0].Name} is enslaved to {slaves[0].Master}, but that NIC's driver was not recorded, so it is not shown to be the synthetic NIC");
        }

        // Traffic through the VF: netvsc counts what the VF carried for the synthetic NIC in its own vf_* counters.
        var stats = KeyValueLines.Sections(evidence.Command(Stats)?.Stdout ?? "").Where(s => s.Name == slave.Master).Select(s => EthtoolStats.Parse(s.Body)).FirstOrDefault();
        var rx = stats?.GetValueOrDefault("vf_rx_packets") ?? 0;
        var tx = stats?.GetValueOrDefault("vf_tx_packets") ?? 0;
        var switched = events.Any(e => e.Line.Contains("Data path switched to VF", StringComparison.Ordinal));
        var path = $"{what}; {slave.Name} enslaved to {slave.Master}";
        if (rx > 0 || tx > 0)
        {
            return Verdict.Supported($"{path}; traffic through the VF: vf_rx_packets {rx}, vf_tx_packets {tx} on {slave.Master}");
        }

        return Verdict.Caveat(switched
            ? $"{path}; the kernel switched the data path to the VF, but no traffic through it was counted (vf_rx/tx_packets 0 or not recorded)"
            : $"{path}, but no evidence that traffic uses the VF");
    }

    private sealed record VfEvent(string Line, bool Removal)
    {
        /// <summary>The line from the driver's name on ("hv_netvsc <guid> eth0: Data path switched from VF: …"), without log prefixes.</summary>
        public string Message => Line.IndexOf("hv_netvsc", StringComparison.Ordinal) is var i and >= 0 ? Line[i..] : Line;
    }

    // netvsc's VF lines (drivers/net/hyperv/netvsc_drv.c): "VF registering: X", "VF unregistering: X",
    // "Data path switched to VF: X", "Data path switched from VF: X".
    private static List<VfEvent> VfEvents(string log) =>
        log.Split('\n').Select(l => l.Trim()).Where(l => l.Contains("VF registering", StringComparison.Ordinal) || l.Contains("VF unregistering", StringComparison.Ordinal)
                || l.Contains("Data path switched", StringComparison.Ordinal))
            .Select(l => new VfEvent(l, l.Contains("VF unregistering", StringComparison.Ordinal) || l.Contains("switched from VF", StringComparison.Ordinal)))
            .ToList();
}
