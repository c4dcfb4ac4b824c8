using System.Globalization;
using System.Text.RegularExpressions;
using HvCert.Transport;
using static HvCert.Tests.HyperV.Twin.Guests.ScriptedGuest;

namespace HvCert.Tests.HyperV.Twin.Guests;

/// <summary>One ping a probe asked for: payload size, don't-fragment, target.</summary>
internal sealed record PingAsk(int Payload, bool DontFragment, string Target);

/// <summary>
/// Pings between twin guests, printed in iputils' format (SYNTHETIC: ping/iputils-jumbo-ok.txt has the same lines). A reply comes
/// back when another running guest carries the target address, the IPv4 packet (payload + 28) fits the MTU of both NICs, and
/// both switch ports carry the same access VLAN (or none).
/// </summary>
internal static partial class LinuxGuest
{
    private static PingAsk? PingIn(string command) => PingCommand().Match(command) is { Success: true } m
        ? new PingAsk(m.Groups["s"].Success ? int.Parse(m.Groups["s"].Value, CultureInfo.InvariantCulture) : 56, m.Groups["df"].Success, m.Groups["t"].Value)
        : null;

    [GeneratedRegex(@"ping (?<df>-M do )?(?:-s (?<s>\d+) )?-c \d+ -W \d+ -I \S+ (?<t>[\d.]+)")]
    private static partial Regex PingCommand();

    private static CommandResult Ping(GuestWorld w, GuestNic from, PingAsk ask, string before)
    {
        var size = ask.Payload + 28;
        var mine = w.State.Link(from.Mac);
        var source = mine.Addresses.FirstOrDefault()?.Split('/')[0] ?? "0.0.0.0";
        var head = $"PING {ask.Target} ({ask.Target}) from {source} : {ask.Payload}({size}) bytes of data.\n";
        if (ask.DontFragment && size > mine.Mtu)
        {
            return Exit(1, before + head, $"ping: local error: message too long, mtu={mine.Mtu}\n");
        }

        int? tag = w.State.VlanLinks.TryGetValue(from.Mac, out var v) ? v.Id : null;
        var reached = w.Neighbours().Any(n => n.Nics.Any(nic =>
            n.State.Link(nic.Mac).Addresses.Any(a => a.Split('/')[0] == ask.Target) && n.State.Link(nic.Mac).Mtu >= size && SameVlan(w, tag, n)));
        return reached
            ? Ok(before + head + string.Concat(Enumerable.Range(1, 3).Select(i => $"{ask.Payload + 8} bytes from {ask.Target}: icmp_seq={i} ttl=64 time=0.4{i} ms\n"))
                + $"\n--- {ask.Target} ping statistics ---\n3 packets transmitted, 3 received, 0% packet loss, time 2003ms\nrtt min/avg/max/mdev = 0.410/0.420/0.430/0.008 ms\n")
            : Exit(1, before + head + $"\n--- {ask.Target} ping statistics ---\n3 packets transmitted, 0 received, 100% packet loss, time 2040ms\n\n");
    }

    /// <summary>
    /// A frame the guest tags (802.1Q sub-interface) passes its trunk port if the port carries that id and reaches a peer whose
    /// access port has it; an untagged frame needs both ports untagged or on the same access VLAN.
    /// </summary>
    internal static bool SameVlan(GuestWorld a, int? tag, GuestWorld b) => tag is { } id
        ? a.TrunkVlans.Contains(id) && b.Vlans.Contains(id)
        : a.TrunkVlans.Count == 0 && (a.Vlans.Count == 0 && b.Vlans.Count == 0 || a.Vlans.Overlaps(b.Vlans));

    /// <summary>LiveMigrationProbe's background ping to the gateway starts; the gateway is .1 of the guest's DHCP subnet.</summary>
    private static CommandResult StartPing(GuestWorld w) => Ok(Gateway(w) + "\n");

    private static string Gateway(GuestWorld w) => string.Join('.', w.Address.Split('.').Take(3)) + ".1";

    /// <summary>The last 4 lines of an iputils run, as `tail -n 4` prints them.</summary>
    private static string PingSummary(string target, int sent, int received, int ms) =>
        $"\n--- {target} ping statistics ---\n{sent} packets transmitted, {received} received, {(sent - received) * 100 / Math.Max(1, sent)}% packet loss, time {ms}ms\n" +
        "rtt min/avg/max/mdev = 0.312/0.455/1.873/0.121 ms\n";
}
