using HvCert.Hosts;
using HvCert.Qemu.Lab;
using HvCert.Qemu.Network;

namespace HvCert.IntegrationTests.Qemu;

/// <summary>A fact that builds real network namespaces (root and iproute2; no QEMU needed).</summary>
public sealed class NetnsFactAttribute : FactAttribute
{
    public NetnsFactAttribute()
    {
        if (Environment.UserName != "root" || !File.Exists("/dev/net/tun"))
        {
            Skip = "building network namespaces needs root and /dev/net/tun";
        }
        else if (!File.Exists("/usr/bin/python3"))
        {
            Skip = "the jumbo datagrams are sent and counted with python3 (no ping on minimal hosts)";
        }
    }
}

/// <summary>
/// Two VMs' network probes at once, with the real kernel: each "guest" is a namespace whose veth end is attached where a
/// VM's tap would be. One VM's probe caps its peer's MTU at 1500 (the jumbo-frame control) and adds a VLAN link while
/// the other VM's guest sends its own peer 9000-byte don't-fragment datagrams: the other must lose none and keep MTU 9000.
/// (UDP with IP_PMTUDISC_DO rather than ping, which minimal hosts lack: a frame above a bridge port's MTU is dropped either way.)
/// </summary>
public sealed class PeerNetworkIsolationTests
{
    [NetnsFact]
    public async Task TwoVmsNetworkProbesAtOnce_NeitherSeesTheOthersPeerChanges()
    {
        var runId = $"it-{Guid.NewGuid():N}"[..14];
        using var resources = new RunResources(runId, Path.Combine(Path.GetTempPath(), "hvcert-it", runId));
        var ct = CancellationToken.None;
        var a = await PeerNetwork.CreateAsync(runId, 1, resources, ct);
        var b = await PeerNetwork.CreateAsync(runId, 2, resources, ct);
        try
        {
            var guestA = await FakeGuestAsync(a, resources, "ga");
            var guestB = await FakeGuestAsync(b, resources, "gb");
            Assert.True(await JumboAsync(guestA, count: 2), "the jumbo datagrams must pass before any change (A)");
            Assert.True(await JumboAsync(guestB, count: 2), "the jumbo datagrams must pass before any change (B)");

            // B sends for about 4 s while A runs its jumbo-frame control and configures a VLAN on its peer.
            var bPings = JumboAsync(guestB, count: 20);
            await Task.Delay(300, ct);
            await a.SetPeerMtuAsync(1500, ct);
            var aAfterCap = await JumboAsync(guestA, count: 2);
            var vlan = await TryAddVlanAsync(a);

            Assert.False(aAfterCap, "A's own control must fail at peer MTU 1500, or the datagrams prove nothing");
            Assert.True(await bPings, "B lost jumbo datagrams while A changed its own peer");
            Assert.Equal("9000", await b.PeerMtuAsync(ct));
            Assert.Equal("1500", await a.PeerMtuAsync(ct));
            if (vlan is not null)
            {
                Assert.Contains(vlan, await LinksAsync(a.Namespace));
                Assert.DoesNotContain(vlan, await LinksAsync(b.Namespace));
            }
        }
        finally
        {
            a.Dispose();
            b.Dispose();
        }
    }

    /// <summary>A namespace standing in for a guest: a veth pair whose host end is attached like a VM's tap, the guest end at MTU 9000 with 192.168.77.2.</summary>
    private static async Task<string> FakeGuestAsync(PeerNetwork net, RunResources resources, string suffix)
    {
        var guest = $"{net.Namespace}-{suffix}";
        var hostEnd = $"hvi{Guid.NewGuid():N}"[..12];
        resources.TrackNamespace(guest);
        resources.TrackLink(hostEnd);
        await Ip("netns", "add", guest);
        await Ip("link", "add", hostEnd, "mtu", "9000", "type", "veth", "peer", "name", "eth1", "mtu", "9000", "netns", guest);
        await net.AttachAsync(hostEnd, CancellationToken.None);
        await Ip("-n", guest, "link", "set", "lo", "up");
        await Ip("-n", guest, "link", "set", "eth1", "mtu", "9000", "up");
        await Ip("-n", guest, "addr", "add", "192.168.77.2/24", "dev", "eth1");
        return guest;
    }

    private const string Listen =
        "import socket,sys,time\ns=socket.socket(socket.AF_INET,socket.SOCK_DGRAM);s.bind((sys.argv[1],9999));s.settimeout(0.3)\n"
        + "open(sys.argv[3],'w').close()\n"
        + "end=time.time()+float(sys.argv[2]);n=0\nwhile time.time()<end:\n try:\n  n+=len(s.recv(65535))==8972\n except socket.timeout:\n  pass\nprint(n)";

    // IP_MTU_DISCOVER (10) = IP_PMTUDISC_DO (2): don't fragment. 8972 bytes of UDP payload make a 9000-byte IP packet.
    private const string Send =
        "import socket,sys,time\ns=socket.socket(socket.AF_INET,socket.SOCK_DGRAM);s.setsockopt(socket.IPPROTO_IP,10,2)\n"
        + "for i in range(int(sys.argv[2])):\n s.sendto(b'x'*8972,(sys.argv[1],9999));time.sleep(0.2)";

    /// <summary>Whether all <paramref name="count"/> 9000-byte DF datagrams from the guest reached its peer (counted by a listener in the peer's namespace).</summary>

    private static async Task<bool> JumboAsync(string guest, int count)
    {
        var peerNs = guest[..guest.LastIndexOf('-')];
        // The listener marks when it is bound: a fixed delay lost the first datagrams when python3 started slowly
        // under load (CI, 2026-12-03: "must pass before any change (A)" with nothing wrong in the network).
        var ready = Path.Combine(Path.GetTempPath(), $"hvcert-it-listen-{Guid.NewGuid():N}");
        var listener = HostCommand.RunAsync("ip", ["netns", "exec", peerNs, "python3", "-c", Listen, PeerNetwork.PeerIp, $"{(count * 0.2) + 2:0.0}", ready],
            CancellationToken.None, TimeSpan.FromSeconds(60));
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!File.Exists(ready) && !listener.IsCompleted && DateTime.UtcNow < deadline)
        {
            await Task.Delay(20);
        }

        Assert.True(File.Exists(ready), "the listener never bound its socket");
        File.Delete(ready);
        var sent = await HostCommand.RunAsync("ip", ["netns", "exec", guest, "python3", "-c", Send, PeerNetwork.PeerIp, count.ToString()],
            CancellationToken.None, TimeSpan.FromSeconds(60));
        Assert.True(sent.Ok, sent.Stderr);
        var received = await listener;
        Assert.True(received.Ok, received.Stderr);
        return received.Stdout.Trim() == count.ToString();
    }

    private static async Task<string?> TryAddVlanAsync(PeerNetwork net)
    {
        try
        {
            return await net.AddVlanAsync(5, CancellationToken.None);
        }
        catch (InfrastructureException)
        {
            return null; // the host kernel has no 8021q: the lab does not offer VLAN here either
        }
    }

    private static async Task<string> LinksAsync(string ns) =>
        (await HostCommand.RunAsync("ip", ["-n", ns, "-o", "link", "show"], CancellationToken.None)).Stdout;

    private static async Task Ip(params string[] args)
    {
        var result = await HostCommand.RunAsync("ip", args, CancellationToken.None);
        Assert.True(result.Ok, $"ip {string.Join(' ', args)}: {result.Stderr}");
    }
}
