using System.Globalization;

namespace HvCert.Tests.HyperV.Twin.Guests;

/// <summary>
/// A Hyper-V virtual function as the Linux guest shows it (Accelerated Networking). When the host paired a VF with a synthetic
/// NIC (its port's Msvm_EthernetSwitchPortOffloadData.IovVfDataPathActive), pci-hyperv puts the VF on its own PCI domain,
/// mlx5_core binds it, hv_netvsc enslaves it (same MAC as the synthetic NIC) and switches the data path to it. Assembled from
/// captures: the VF's lspci description from lspci/azure-d8ds-v5-accelnet.txt; its address aa2e:00:02.0, name enP43566s1 and the
/// "Link up" and "Data path switched to VF" lines from dmesg-netvsc-vf/azure-mlx5-vf-switch.txt; the SLAVE/master layout from
/// ip-link/azure-d8ds-v5-accelnet.txt. SYNTHETIC: the [0200] and [15b3:1018] codes (the ids of sysfs-inventory/azure-d8ds-v5-derived.txt)
/// and "Kernel driver in use" lines in lspci -nn -k's layout, and netvsc's vf_* counters (names from drivers/net/hyperv/netvsc_drv.c,
/// as ethtool-S/hyperv-netvsc-4queue-derived.txt) counting the SSH session the VF carries. Without a VF (IOV weight 0, a switch
/// without IOV, TwinOptions.NoVirtualFunction) the guest shows only its synthetic NICs and an empty lspci (a Gen2 VM has no
/// emulated PCI devices; the twin does not list Gen1's emulated ones either, no judge reads them).
/// </summary>
internal static partial class LinuxGuest
{
    private const string VfAddress = "aa2e:00:02.0";
    private const string VfName = "enP43566s1";

    /// <summary>The synthetic NIC the host paired a VF with (the twin models one VF per VM), and its ethN index.</summary>
    private static (int Index, GuestNic Nic)? VfNic(GuestWorld w) =>
        w.Nics.Select((n, i) => (i, n)).Where(x => w.VirtualFunctions.Contains(x.n.Mac)).Select(x => ((int, GuestNic)?)x).FirstOrDefault();

    private static string Lspci(GuestWorld w)
    {
        if (VfNic(w) is null)
        {
            return "";
        }

        var captured = Captures.Read("lspci/azure-d8ds-v5-accelnet.txt").Split('\n').First(l => l.Contains("Virtual Function", StringComparison.Ordinal));
        var description = captured[(captured.IndexOf("Ethernet controller: ", StringComparison.Ordinal) + "Ethernet controller: ".Length)..];
        var rev = description.IndexOf(" (rev", StringComparison.Ordinal);
        return $"{VfAddress} Ethernet controller [0200]: {description[..rev]} [15b3:1018]{description[rev..]}\n\tKernel driver in use: mlx5_core\n\tKernel modules: mlx5_core\n";
    }

    /// <summary>The VF's `ip -d link` entry: enslaved to its synthetic NIC, with that NIC's MAC.</summary>
    private static string VfLink(GuestWorld w)
    {
        if (VfNic(w) is not { } found)
        {
            return "";
        }

        var (index, nic) = found;

        return $"{w.Nics.Count + 2}: {VfName}: <BROADCAST,MULTICAST,SLAVE,UP,LOWER_UP> mtu {w.State.Link(nic.Mac).Mtu} qdisc mq master eth{index} state UP mode DEFAULT group default qlen 1000\n" +
            $"    link/ether {nic.Mac} brd ff:ff:ff:ff:ff:ff promiscuity 0 minmtu 68 maxmtu 9978 addrgenmode eui64 numtxqueues 64 numrxqueues 64\n";
    }

    /// <summary>The kernel's VF lines: mlx5_core's link-up and netvsc's data-path switch, log prefix of the capture's dump dropped.</summary>
    private static IEnumerable<string> VfKernelLines(GuestWorld w)
    {
        if (VfNic(w) is not { } found)
        {
            yield break;
        }

        var (index, nic) = found;

        foreach (var line in Captures.Read("dmesg-netvsc-vf/azure-mlx5-vf-switch.txt").Split('\n').Where(l => l.Contains("Link up", StringComparison.Ordinal)
                     || l.Contains("switched to VF", StringComparison.Ordinal)))
        {
            yield return line[(line.IndexOf("] [", StringComparison.Ordinal) + 2)..]
                .Replace("70a8a5b1-d7ce-70a8-a5b1-d7ce70a8a5b1 eth0", $"{nic.InstanceId} eth{index}", StringComparison.Ordinal);
        }
    }

    /// <summary>`ethtool -S` vf_* lines per interface (the probe greps them): the paired NIC counts what its VF carried.</summary>
    private static string VfCounters(GuestWorld w)
    {
        var paired = VfNic(w);
        var packets = (long)(w.Uptime * 12);
        var text = string.Concat(w.Nics.Select((n, i) => $"== eth{i}\n" + (paired?.Index == i
            ? string.Create(CultureInfo.InvariantCulture, $"     vf_rx_packets: {packets}\n     vf_rx_bytes: {packets * 140}\n     vf_tx_packets: {packets}\n     vf_tx_bytes: {packets * 110}\n     vf_tx_dropped: 0\n")
            : "")));
        return paired is null ? text : text + $"== {VfName}\n";
    }

    /// <summary>The VF's `ethtool -i` section (SYNTHETIC: driver and bus-info only) after the synthetic NICs'.</summary>
    private static string VfDriverInfo(GuestWorld w) => VfNic(w) is null ? "" : $"== {VfName}\ndriver: mlx5_core\nbus-info: {VfAddress}\n";
}
