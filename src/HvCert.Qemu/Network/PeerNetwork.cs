using System.Security.Cryptography;
using System.Text;
using HvCert.Hosts;
using HvCert.Qemu.Lab;

namespace HvCert.Qemu.Network;

/// <summary>
/// One VM's own network segment (root only): a namespace <c>hvcert-&lt;runid&gt;-n&lt;k&gt;</c> with a bridge, the VM's tap
/// (multiqueue; a live-migration destination's tap joins the same bridge), and a veth pair whose far end is the peer
/// (192.168.77.1, VLAN sub-interfaces on demand when the kernel has 8021q). One segment per VM, never one per run:
/// probes change the peer (its MTU for the jumbo-frame control, VLAN links, addresses), and with two VMs at once a
/// shared peer let Gen1's in-probe control cap the MTU while Gen2 pinged (a false Not supported, seen on the lab).
/// The namespace answers ARP only on the interface that holds the address (arp_ignore=1): otherwise the bridge also
/// answers for the peer's address with its own MAC, the guest's frames are delivered to the namespace's stack through
/// the bridge device, and they never cross the peer's MTU (seen on the lab: a 9000-byte ping passed with the peer at
/// MTU 1500). Removed when the run ends.
/// </summary>
internal sealed class PeerNetwork : IDisposable
{
    public const string PeerIp = "192.168.77.1";
    public const string VlanPeerIp = "192.168.100.1";
    public const int Prefix = 24;
    private const string Bridge = "br0";
    private const string BridgePort = "vb0";
    private const string Peer = "vp0";
    private readonly RunResources resources;
    private readonly string shortId;
    private int taps;

    private PeerNetwork(string runId, int segment, RunResources resources)
    {
        this.resources = resources;
        Namespace = NamespaceFor(runId, segment);
        shortId = TapPrefix(Namespace);
    }

    public string Namespace { get; }

    /// <summary>The namespace of a run's <paramref name="segment"/>-th VM segment; <see cref="QemuReaper"/> finds them all by the run's prefix.</summary>
    public static string NamespaceFor(string runId, int segment) => $"{RunNamespacePrefix(runId)}n{segment}";

    /// <summary>What every namespace of the run starts with (the run id is fixed-length, so no other run shares it).</summary>
    public static string RunNamespacePrefix(string runId) => $"hvcert-{runId}-";

    /// <summary>Taps are created in the host namespace first, so their names must be unique host-wide and fit IFNAMSIZ (15).</summary>
    internal static string TapPrefix(string ns) => "hvt" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(ns)).AsSpan(0, 3));

    public static async Task<PeerNetwork> CreateAsync(string runId, int segment, RunResources resources, CancellationToken cancellationToken)
    {
        var net = new PeerNetwork(runId, segment, resources);
        resources.TrackNamespace(net.Namespace);
        await Ip(cancellationToken, "netns", "add", net.Namespace);
        await net.InNs(cancellationToken, "link", "set", "lo", "up");
        foreach (var conf in new[] { "all", "default" })
        {
            await Run("ip", ["netns", "exec", net.Namespace, "sysctl", "-qw", $"net.ipv4.conf.{conf}.arp_ignore=1"], cancellationToken);
        }

        await net.InNs(cancellationToken, "link", "add", Bridge, "type", "bridge");
        await net.InNs(cancellationToken, "link", "add", BridgePort, "mtu", "9000", "type", "veth", "peer", "name", Peer, "mtu", "9000");
        await net.InNs(cancellationToken, "link", "set", BridgePort, "master", Bridge);
        await net.InNs(cancellationToken, "addr", "add", $"{PeerIp}/{Prefix}", "dev", Peer);
        foreach (var link in new[] { Bridge, BridgePort, Peer })
        {
            await net.InNs(cancellationToken, "link", "set", link, "mtu", "9000", "up");
        }

        return net;
    }

    /// <summary>Creates a (multiqueue) tap in the host namespace for QEMU to open; <see cref="AttachAsync"/> then moves it into the run's namespace.</summary>
    public async Task<string> CreateTapAsync(bool multiQueue, CancellationToken cancellationToken)
    {
        var name = $"{shortId}{Interlocked.Increment(ref taps)}";
        resources.TrackLink(name);
        await Ip(cancellationToken, ["tuntap", "add", "dev", name, "mode", "tap", .. multiQueue ? new[] { "multi_queue" } : []]);
        await Ip(cancellationToken, "link", "set", name, "mtu", "9000");
        return name;
    }

    public async Task AttachAsync(string tap, CancellationToken cancellationToken)
    {
        await Ip(cancellationToken, "link", "set", tap, "netns", Namespace);
        await InNs(cancellationToken, "link", "set", tap, "master", Bridge, "mtu", "9000", "up");
    }

    /// <summary>Sets the MTU on the peer side (bridge port and peer); the guest's tap stays at 9000.</summary>
    public async Task SetPeerMtuAsync(int mtu, CancellationToken cancellationToken)
    {
        await InNs(cancellationToken, "link", "set", BridgePort, "mtu", mtu.ToString());
        await InNs(cancellationToken, "link", "set", Peer, "mtu", mtu.ToString());
    }

    public async Task<string> AddVlanAsync(int vlanId, CancellationToken cancellationToken)
    {
        var name = $"{Peer}.{vlanId}";
        await HostCommand.RunAsync("ip", ["-n", Namespace, "link", "del", name], cancellationToken);
        await InNs(cancellationToken, "link", "add", "link", Peer, "name", name, "type", "vlan", "id", vlanId.ToString());
        await InNs(cancellationToken, "addr", "add", $"{VlanPeerIp}/{Prefix}", "dev", name);
        await InNs(cancellationToken, "link", "set", name, "up");
        return name;
    }

    public async Task<int> TapQueuesAsync(string tap, CancellationToken cancellationToken)
    {
        var result = await HostCommand.RunAsync("ip", ["netns", "exec", Namespace, "ls", $"/sys/class/net/{tap}/queues"], cancellationToken);
        return result.Stdout.Split('\n').Count(l => l.StartsWith("tx-", StringComparison.Ordinal));
    }

    public async Task<string> PeerMtuAsync(CancellationToken cancellationToken) =>
        (await HostCommand.RunCheckedAsync("ip", ["netns", "exec", Namespace, "cat", $"/sys/class/net/{BridgePort}/mtu"], cancellationToken)).Trim();

    public void Dispose()
    {
        RunResources.RunQuietly("ip", "netns", "del", Namespace);
        resources.ForgetNamespace(Namespace);
    }

    private Task InNs(CancellationToken cancellationToken, params string[] args) => Ip(cancellationToken, ["-n", Namespace, .. args]);

    private static Task Ip(CancellationToken cancellationToken, params string[] args) => Run("ip", args, cancellationToken);

    private static async Task Run(string tool, string[] args, CancellationToken cancellationToken)
    {
        var result = await HostCommand.RunAsync(tool, args, cancellationToken);
        if (!result.Ok)
        {
            throw new InfrastructureException($"{tool} {string.Join(' ', args)} failed: {result.Stderr.Trim()}");
        }
    }
}
