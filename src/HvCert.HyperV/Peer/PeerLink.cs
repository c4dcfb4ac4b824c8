using HvCert.Catalog;
using HvCert.Hosts;
using HvCert.HyperV.Cim;
using HvCert.Transport;

namespace HvCert.HyperV.Peer;

/// <summary>
/// The peer of one guest VM for jumbo frames, VLAN and vRSS: a second small VM from the same template (same generation and
/// OS), booted on first use, whose second NIC sits on the run's private switch next to the guest's second NIC. The host
/// configures the peer's address and MTU over SSH (the peer is a guest the run owns) and its switch port's VLAN over WMI.
/// A Windows host vNIC was not chosen: Windows Firewall drops ICMP echo and answers unsolicited SYNs with nothing by default,
/// which jumbo ping and vRSS flows need, and its MTU/IP live outside root\virtualization\v2.
/// </summary>
internal sealed class PeerLink(VmContext guest, VmSpec guestSpec, PeerAddresses addresses, Func<VmSpec, CancellationToken, Task<IVm>> provision)
    : IAsyncDisposable
{
    private static readonly TimeSpan BootDeadline = TimeSpan.FromMinutes(5);
    private readonly SemaphoreSlim gate = new(1, 1);
    private HyperVVm? peer;
    private IGuestTransport? shell;

    public PeerAddresses Addresses => addresses;

    public string GuestMac => guest.Settings["peer.nic.mac"];

    public static string PeerName(string guestName) => guestName + "-peer";

    /// <summary>Boots the peer on first use; returns its shell.</summary>
    public async Task<(HyperVVm Vm, IGuestTransport Shell)> EnsureAsync(CancellationToken ct)
    {
        await gate.WaitAsync(ct);
        try
        {
            if (peer is null || shell is null)
            {
                var spec = new VmSpec(guestSpec.RunId, PeerName(guestSpec.Name), guestSpec.Image, guestSpec.Generation, guestSpec.SecureBoot,
                    guestSpec.Os, Cpus: 1, MemoryMb: 512, HostColumn: guestSpec.HostColumn);
                peer = (HyperVVm)await provision(spec, ct);
                shell = await peer.UntilSshAcceptsAsync(BootDeadline, ct);
            }

            return (peer, shell);
        }
        finally
        {
            gate.Release();
        }
    }

    /// <summary>Sets the peer's link NIC to <paramref name="ip"/>/24 at <paramref name="mtu"/>; the exit status and output are observations.</summary>
    public async Task<CommandResult> ConfigureAsync(string ip, int mtu, CancellationToken ct)
    {
        var (vm, sh) = await EnsureAsync(ct);
        var command = PeerCommands.Configure(guestSpec.Os, vm.Settings["peer.nic.mac"], ip, PeerAddresses.Prefix, mtu);
        return await sh.ExecAsync(command, TimeSpan.FromSeconds(60), ct);
    }

    public async Task<CommandResult> SetMtuAsync(int mtu, CancellationToken ct)
    {
        var (vm, sh) = await EnsureAsync(ct);
        return await sh.ExecAsync(PeerCommands.SetMtu(guestSpec.Os, vm.Settings["peer.nic.mac"], mtu), TimeSpan.FromSeconds(60), ct);
    }

    public VmContext GuestContext => guest;

    public async ValueTask DisposeAsync()
    {
        if (peer is not null)
        {
            await peer.DisposeAsync(); // disposes its shell too
            peer = null;
            shell = null;
        }
    }
}

/// <summary>The peer's shell commands, per OS family; the NIC is found by its static MAC, never by name.</summary>
internal static class PeerCommands
{
    public static string Configure(OsFamily os, string mac, string ip, int prefix, int mtu) => os == OsFamily.FreeBsd
        ? $"{FreeBsdNic(mac)} ifconfig \"$IF\" inet {ip}/{prefix} alias mtu {mtu} up && ifconfig \"$IF\""
        : $"{LinuxNic(mac)} ip link set dev \"$IF\" mtu {mtu} up && ip addr replace {ip}/{prefix} dev \"$IF\" && ip -d link show dev \"$IF\"";

    public static string SetMtu(OsFamily os, string mac, int mtu) => os == OsFamily.FreeBsd
        ? $"{FreeBsdNic(mac)} ifconfig \"$IF\" mtu {mtu} && ifconfig \"$IF\""
        : $"{LinuxNic(mac)} ip link set dev \"$IF\" mtu {mtu} && ip -d link show dev \"$IF\"";

    private static string LinuxNic(string mac) =>
        $"IF=$(for n in /sys/class/net/*; do [ \"$(cat $n/address 2>/dev/null)\" = \"{mac}\" ] && echo ${{n##*/}}; done | head -n1); [ -n \"$IF\" ] || {{ echo 'no interface has MAC {mac}' >&2; exit 3; }};";

    private static string FreeBsdNic(string mac) =>
        $"IF=$(for i in $(ifconfig -l); do ifconfig \"$i\" | grep -qi 'ether {mac}' && echo \"$i\" && break; done); [ -n \"$IF\" ] || {{ echo 'no interface has MAC {mac}' >&2; exit 3; }};";
}
