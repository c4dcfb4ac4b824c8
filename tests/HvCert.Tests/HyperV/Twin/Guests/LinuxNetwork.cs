using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using HvCert.Transport;
using static HvCert.Tests.HyperV.Twin.Guests.ScriptedGuest;

namespace HvCert.Tests.HyperV.Twin.Guests;

/// <summary>
/// The Linux guest's NICs: eth0, eth1… in the order the host added its synthetic NICs (hv_netvsc names them ethN), with the
/// MTU and addresses the guest set on them. Pings reach another twin guest that carries the address on the same switch when
/// the frame fits both ends' MTU and both ports carry the same VLAN.
/// </summary>
internal static partial class LinuxGuest
{
    /// <summary>`ethtool -i` of hv_netvsc (ethtool-i/lisa-azure-netvsc.txt) with this NIC's VMBus instance as bus-info.</summary>
    private static string EthtoolInfo(GuestWorld w, int nic) =>
        Captures.Read("ethtool-i/lisa-azure-netvsc.txt").TrimEnd('\n') + $"\nexpansion-rom-version: \nbus-info: {w.Nics[nic].InstanceId}\n";

    /// <summary>
    /// `ethtool -k` of hv_netvsc: the real Azure fragments (ethtool-k/lisa-azure-netvsc-fragments.txt, which show LRO off [fixed])
    /// plus, SYNTHETIC, the TSO line netvsc sets on (NETIF_F_TSO in drivers/net/hyperv/netvsc_drv.c's hw_features).
    /// </summary>
    private static string EthtoolFeatures(string ifname) =>
        Captures.Read("ethtool-k/lisa-azure-netvsc-fragments.txt").Replace("eth0", ifname, StringComparison.Ordinal)
            .Replace("generic-receive-offload: on", "tcp-segmentation-offload: on\n\ttx-tcp-segmentation: on\n\ttx-tcp6-segmentation: on\ngeneric-receive-offload: on", StringComparison.Ordinal);

    /// <summary>A command that first picks $IF by MAC (NicSelect.ByMac / ByMacOrDefaultRoute, or the backend's peer commands), then works on it.</summary>
    private static CommandResult NicCommand(GuestWorld w, string command)
    {
        var mac = MacOf().Match(command) is { Success: true } m ? m.Groups[1].Value : "";
        var index = mac.Length == 0 ? 0 : w.Nics.FindIndex(n => n.Mac.Equals(mac, StringComparison.OrdinalIgnoreCase));
        if (index < 0 || index >= w.Nics.Count)
        {
            return Exit(3, "", mac.Length == 0 ? "no interface found\n" : $"no interface has MAC {mac}\n");
        }

        var nic = w.Nics[index];
        var name = $"eth{index}";
        var link = w.State.Link(nic.Mac);
        var mtu = link.Mtu;
        foreach (Match op in LinkOp().Matches(command))
        {
            if (op.Groups["mtu"].Success)
            {
                mtu = int.Parse(op.Groups["mtu"].Value, CultureInfo.InvariantCulture);
            }
            else if (op.Groups["add"].Success && !link.Addresses.Contains(op.Groups["add"].Value))
            {
                link.Addresses.Add(op.Groups["add"].Value);
            }
            else if (op.Groups["del"].Success)
            {
                link.Addresses.Remove(op.Groups["del"].Value);
            }
        }

        w.State.Links[nic.Mac] = (mtu, link.Addresses);
        if (VlanAdd().Match(command) is { Success: true } vlan && !command.Contains("[ \"access\" = access ]", StringComparison.Ordinal))
        {
            w.State.VlanLinks[nic.Mac] = (vlan.Groups[1].Value, int.Parse(vlan.Groups[2].Value, CultureInfo.InvariantCulture));
        }

        if (command.Contains("ip link del \"$V\"", StringComparison.Ordinal) && !command.Contains("[ \"access\" = access ]", StringComparison.Ordinal))
        {
            w.State.VlanLinks.Remove(nic.Mac);
        }
        var output = new StringBuilder();
        if (command.Contains("echo \"== $IF $(basename", StringComparison.Ordinal))
        {
            output.Append($"== {name} {nic.InstanceId} hv_netvsc\n");
        }

        if (command.Contains("echo \"== driver $IF\"", StringComparison.Ordinal))
        {
            output.Append($"== driver {name}\n").Append(EthtoolInfo(w, index)).Append("== features\n").Append(EthtoolFeatures(name));
        }

        if (ToggleList().Match(command) is { Success: true } t)
        {
            output.Append(Toggles(EthtoolFeatures(name), t.Groups[1].Value));
        }

        if (command.Contains("ethtool -l", StringComparison.Ordinal))
        {
            output.Append(Channels(w, name));
        }

        if (command.Contains("ethtool -S", StringComparison.Ordinal))
        {
            output.Append(Stats(w));
        }

        if (command.Contains("ip -d link show dev \"$V\"", StringComparison.Ordinal) && w.State.VlanLinks.TryGetValue(nic.Mac, out var sub))
        {
            output.Append($"{w.Nics.Count + 2}: {sub.Name}@{name}: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu {mtu} qdisc noqueue state UP mode DEFAULT group default qlen 1000\n")
                .Append($"    link/ether {nic.Mac} brd ff:ff:ff:ff:ff:ff promiscuity 0 minmtu 0 maxmtu 65535 \n    vlan protocol 802.1Q id {sub.Id} <REORDER_HDR> addrgenmode eui64 numtxqueues 1 numrxqueues 1\n");
        }
        else if (command.Contains("ip -d link show dev", StringComparison.Ordinal))
        {
            output.Append(Links(w, nic.Mac));
        }

        return PingIn(command) is { } ping ? Ping(w, nic, ping, output.ToString()) : Ok(output.ToString());
    }

    [GeneratedRegex(@"(?:= \\?""|M=\\?"")([0-9a-fA-F:]{17})")]
    private static partial Regex MacOf();

    [GeneratedRegex(@"mtu (?<mtu>\d+)|ip addr replace (?<add>[\d.]+/\d+) dev|ip addr del (?<del>[\d.]+/\d+) dev")]
    private static partial Regex LinkOp();

    [GeneratedRegex(@"then V=\""\$IF\""; else V=(\S+); fi; .*type vlan id (\d+)")]
    private static partial Regex VlanAdd();

    [GeneratedRegex(@"for p in ([^;]+); do s=")]
    private static partial Regex ToggleList();

    /// <summary>OffloadToggle's script: fixed features print "fixed", settable ones toggle off and back as ethtool -K does.</summary>
    private static string Toggles(string features, string pairs)
    {
        var output = new StringBuilder();
        foreach (var pair in pairs.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            var name = pair[(pair.IndexOf(':', StringComparison.Ordinal) + 1)..];
            var line = features.Split('\n').FirstOrDefault(l => l.StartsWith(name + ":", StringComparison.Ordinal));
            if (line is null)
            {
                output.Append($"{name} toggled   \n"); // ethtool -k has no such feature: the awk reads nothing
                continue;
            }

            var value = line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1];
            output.Append(line.Contains("[fixed]", StringComparison.Ordinal) ? $"{name} fixed {value}\n" : $"{name} toggled {value} off {value}\n");
        }

        return output.ToString();
    }

    /// <summary>`ethtool -l` in the capture's layout (ethtool-l/lisa-azure-netvsc-1ch.txt): netvsc opens one channel per vCPU, at most 8 by default.</summary>
    private static string Channels(GuestWorld w, string name)
    {
        var n = Math.Min(w.Cpus, 8).ToString(CultureInfo.InvariantCulture);
        return Captures.Read("ethtool-l/lisa-azure-netvsc-1ch.txt").Replace("eth0", name, StringComparison.Ordinal).Replace("Combined:\t1", "Combined:\t" + n, StringComparison.Ordinal);
    }

    /// <summary>`ethtool -S` of netvsc: the real counters (ethtool-S/lisa-azure-netvsc-fragment.txt) plus the per-queue ones netvsc_drv.c names.</summary>
    private static string Stats(GuestWorld w)
    {
        var queues = Math.Min(w.Cpus, 8);
        if (w.State.RxQueuePackets.Length != queues)
        {
            w.State.RxQueuePackets = new long[queues];
        }

        var text = new StringBuilder(Captures.Read("ethtool-S/lisa-azure-netvsc-fragment.txt"));
        for (var q = 0; q < queues; q++)
        {
            text.Append($"     tx_queue_{q}_packets: {Text(w.State.RxQueuePackets[q] / 2)}\n     rx_queue_{q}_packets: {Text(w.State.RxQueuePackets[q])}\n");
        }

        return text.ToString();
    }

    /// <summary>The vRSS load: the host's RSS spreads the flows' packets over the NIC's receive queues.</summary>
    private static CommandResult Load(GuestWorld w, string command)
    {
        var flows = Regex.Match(command, @"seq 20000 \$\(\(20000 \+ (\d+)") is { Success: true } m ? int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture) : 64;
        var queues = Math.Min(w.Cpus, 8);
        if (w.State.RxQueuePackets.Length != queues)
        {
            w.State.RxQueuePackets = new long[queues];
        }

        for (var f = 0; f < flows; f++)
        {
            w.State.RxQueuePackets[f % queues] += 2;
        }

        return Ok("");
    }

    /// <summary>
    /// SYNTHETIC in iproute2's `ip -d link show` layout: netvsc's MTU range 68..65521 (NETVSC_MTU − ETH_HLEN), link up, the MAC
    /// the host set. No capture of `ip -d` on hv_netvsc was found; ip-link/azure-d8ds-v5-accelnet.txt shows the first two lines.
    /// </summary>
    private static string Links(GuestWorld w, string? only)
    {
        var text = new StringBuilder();
        if (only is null)
        {
            text.Append("1: lo: <LOOPBACK,UP,LOWER_UP> mtu 65536 qdisc noqueue state UNKNOWN mode DEFAULT group default qlen 1000\n    link/loopback 00:00:00:00:00:00 brd 00:00:00:00:00:00 promiscuity 0 minmtu 0 maxmtu 0\n");
        }

        for (var i = 0; i < w.Nics.Count; i++)
        {
            var nic = w.Nics[i];
            if (only is not null && !nic.Mac.Equals(only, StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            var mtu = w.State.Link(nic.Mac).Mtu;
            text.Append($"{i + 2}: eth{i}: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu {mtu} qdisc mq state UP mode DEFAULT group default qlen 1000\n");
            text.Append($"    link/ether {nic.Mac} brd ff:ff:ff:ff:ff:ff promiscuity 0 minmtu 68 maxmtu 65521 addrgenmode eui64 numtxqueues 64 numrxqueues 64 gso_max_size 62780 gso_max_segs 65535\n");
        }

        return only is null ? text.Append(VfLink(w)).ToString() : text.ToString();
    }

    /// <summary>`ip -4 -o addr show`: DHCP's address on eth0 (what the host's KVP reports) and every address injected or set since.</summary>
    private static string Addresses(GuestWorld w)
    {
        var text = new StringBuilder("1: lo    inet 127.0.0.1/8 scope host lo\\       valid_lft forever preferred_lft forever\n");
        var primary = w.Nics.Count > 0 ? w.Nics[0].Mac : "";
        foreach (var injected in w.InjectedAddresses.Where(a => !w.State.Link(primary).Addresses.Any(x => x.StartsWith(a + "/", StringComparison.Ordinal)) && !w.State.RemovedInjected.Contains(a)))
        {
            w.State.Link(primary).Addresses.Add(injected + "/24"); // hv_set_ifconfig applied the host's KVP IP injection
        }

        if (w.Nics.Count > 0)
        {
            text.Append($"2: eth0    inet {w.Address}/20 brd {Gateway(w)[..^1]}255 scope global dynamic eth0\\       valid_lft 86400sec preferred_lft 86400sec\n");
        }

        for (var i = 0; i < w.Nics.Count; i++)
        {
            foreach (var a in w.State.Link(w.Nics[i].Mac).Addresses)
            {
                text.Append($"{i + 2}: eth{i}    inet {a} scope global eth{i}\\       valid_lft forever preferred_lft forever\n");
            }
        }

        return text.ToString();
    }

    private static CommandResult RemoveAddress(GuestWorld w, string command)
    {
        if (Regex.Match(command, @"ip addr del ([\d.]+)/(\d+)") is { Success: true } m)
        {
            foreach (var nic in w.Nics)
            {
                w.State.Link(nic.Mac).Addresses.Remove($"{m.Groups[1].Value}/{m.Groups[2].Value}");
            }

            w.State.RemovedInjected.Add(m.Groups[1].Value);
        }

        return Ok("");
    }
}
