using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using HvCert.Transport;
using static HvCert.Tests.HyperV.Twin.Guests.ScriptedGuest;

namespace HvCert.Tests.HyperV.Twin.Guests;

/// <summary>
/// The FreeBSD guest's NICs hn0, hn1… (if_hn, in the order the host added them), printed in the real `ifconfig hn0` layout
/// (ifconfig/freebsd-13.0-hn0-win10-hyperv.txt) with the MAC, MTU and addresses the host and the guest set. Pings follow the same
/// network model as the Linux guest (<see cref="LinuxGuest"/>), printed in FreeBSD ping(8)'s format (SYNTHETIC).
/// </summary>
internal static partial class FreeBsdGuest
{
    /// <summary>A command that picks $IF by MAC (FreeBsdCommands.InterfaceByMac, the backend's FreeBSD peer commands) and configures it.</summary>
    private static CommandResult NicCommand(GuestWorld w, string command)
    {
        var mac = EtherOf().Match(command) is { Success: true } m ? m.Groups[1].Value : "";
        var index = mac.Length == 0 ? 0 : w.Nics.FindIndex(n => n.Mac.Equals(mac, StringComparison.OrdinalIgnoreCase));
        if (index < 0 || index >= w.Nics.Count)
        {
            return Exit(3, "", $"no interface has MAC {mac}\n");
        }

        var nic = w.Nics[index];
        var link = w.State.Link(nic.Mac);
        var mtu = link.Mtu;
        foreach (Match op in IfconfigOp().Matches(command))
        {
            if (op.Groups["mtu"].Success)
            {
                mtu = int.Parse(op.Groups["mtu"].Value, CultureInfo.InvariantCulture);
            }

            if (op.Groups["inet"].Success && !link.Addresses.Contains(op.Groups["inet"].Value))
            {
                link.Addresses.Add(op.Groups["inet"].Value);
            }
        }

        w.State.Links[nic.Mac] = (mtu, link.Addresses);
        if (VlanCreate().Match(command) is { Success: true } v)
        {
            w.State.VlanLinks[nic.Mac] = ("vlan" + v.Groups[1].Value, int.Parse(v.Groups[1].Value, CultureInfo.InvariantCulture));
        }

        return Ok(command.Contains("&& ifconfig \"$IF\"", StringComparison.Ordinal) ? Ifconfig(w, index) : $"hn{index}\n");
    }

    [GeneratedRegex(@"'ether ([0-9a-fA-F:]{17})'")]
    private static partial Regex EtherOf();

    [GeneratedRegex(@"mtu (?<mtu>\d+)|inet (?<inet>[\d.]+/\d+)")]
    private static partial Regex IfconfigOp();

    [GeneratedRegex(@"ifconfig vlan(\d+) create vlan \d+ vlandev")]
    private static partial Regex VlanCreate();

    /// <summary>The capture's layout for hnN: the host's MAC, the MTU the guest set, DHCP's address on hn0 plus what was injected or configured.</summary>
    private static string Ifconfig(GuestWorld w, int index)
    {
        var nic = w.Nics[index];
        var link = w.State.Link(nic.Mac);
        var lines = Captures.Read("ifconfig/freebsd-13.0-hn0-win10-hyperv.txt").Split('\n').Where(l => l.Length > 0).ToList();
        var text = new StringBuilder();
        text.Append(lines[0].Replace("hn0:", $"hn{index}:", StringComparison.Ordinal).Replace("mtu 1500", $"mtu {link.Mtu}", StringComparison.Ordinal)).Append('\n');
        text.Append(lines[1]).Append('\n');
        text.Append($"        ether {nic.Mac}\n");
        var inets = index == 0 ? new List<string> { w.Address + "/20" } : [];
        inets.AddRange(link.Addresses);
        if (index == 0)
        {
            inets.AddRange(w.InjectedAddresses.Select(a => a + "/24")); // hv_kvp_daemon's hv_set_ifconfig applied the host's injection
        }

        foreach (var a in inets.Distinct())
        {
            var (ip, len) = (a.Split('/')[0], int.Parse(a.Split('/')[1], CultureInfo.InvariantCulture));
            var mask = len == 0 ? 0u : uint.MaxValue << (32 - len);
            var broadcast = string.Join('.', ip.Split('.').Select(byte.Parse).Select((b, i) => (byte)(b | (byte)(~mask >> (24 - 8 * i)))));
            text.Append(string.Create(CultureInfo.InvariantCulture, $"        inet {ip} netmask 0x{mask:x8} broadcast {broadcast}\n"));
        }

        foreach (var line in lines.Skip(4))
        {
            text.Append(line).Append('\n');
        }

        return text.ToString();
    }

    /// <summary>ping -D (don't fragment) / ping -c N -t T: FreeBSD's ping(8) summary lines; exit 2 when nothing answered.</summary>
    private static CommandResult Ping(GuestWorld w, string command)
    {
        var m = PingAsk().Match(command);
        var target = m.Groups["t"].Value;
        var payload = m.Groups["s"].Success ? int.Parse(m.Groups["s"].Value, CultureInfo.InvariantCulture) : 56;
        var subnet = string.Join('.', target.Split('.').Take(3)) + ".";
        var from = w.Nics.FirstOrDefault(n => w.State.Link(n.Mac).Addresses.Any(a => a.StartsWith(subnet, StringComparison.Ordinal)));
        var head = $"PING {target} ({target}): {payload} data bytes\n";
        if (from is null)
        {
            return Exit(2, head, "ping: sendto: No route to host\n");
        }

        var size = payload + 28;
        if (m.Groups["df"].Success && size > w.State.Link(from.Mac).Mtu)
        {
            return Exit(2, head, "ping: sendto: Message too long\n");
        }

        int? tag = w.State.VlanLinks.TryGetValue(from.Mac, out var v) ? v.Id : null;
        var reached = w.Neighbours().Any(n => n.Nics.Any(x => n.State.Link(x.Mac).Addresses.Any(a => a.Split('/')[0] == target)
            && n.State.Link(x.Mac).Mtu >= size && LinuxGuest.SameVlan(w, tag, n)));
        return reached
            ? Ok(head + string.Concat(Enumerable.Range(0, 3).Select(i => $"{payload + 8} bytes from {target}: icmp_seq={i} ttl=64 time=0.41{i} ms\n"))
                + $"\n--- {target} ping statistics ---\n3 packets transmitted, 3 packets received, 0.0% packet loss\nround-trip min/avg/max/stddev = 0.410/0.411/0.412/0.001 ms\n")
            : Exit(2, head + $"\n--- {target} ping statistics ---\n3 packets transmitted, 0 packets received, 100.0% packet loss\n");
    }

    [GeneratedRegex(@"ping (?<df>-D )?-c \d+ -t \d+ (?:-s (?<s>\d+) )?(?<t>[\d.]+)")]
    private static partial Regex PingAsk();
}
