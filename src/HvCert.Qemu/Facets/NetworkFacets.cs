using System.Text.Json.Nodes;
using HvCert.Hosts;
using HvCert.Hosts.Facets;
using HvCert.Qemu.Lab;
using HvCert.Qemu.Network;
using static HvCert.Qemu.Facets.FacetAction;

namespace HvCert.Qemu.Facets;

/// <summary>The second NIC's link to the peer in the run's network namespace (a veth end behind a bridge).</summary>
internal sealed class QemuNetworkPeerFacet(QemuVm vm, PeerNetwork net) : INetworkPeerFacet
{
    public Task<HostActionResult> PrepareAsync(int mtu, CancellationToken cancellationToken) =>
        RunAsync("peer-prepare", vm.Lab.Time, async () =>
        {
            var peerMtu = vm.Spec.Has(VmFault.PeerMtu1500) ? 1500 : mtu;
            await net.SetPeerMtuAsync(peerMtu, cancellationToken);
            return HostActionResult.Success("peer-prepare", Obs("guest_mac", vm.Settings["peer.nic.mac"]), Obs("peer_ip", PeerNetwork.PeerIp),
                Obs("guest_ip", GuestIp(vm, "192.168.77")), Obs("prefix", PeerNetwork.Prefix), Obs("peer_mtu", await net.PeerMtuAsync(cancellationToken)));
        });

    public Task<HostActionResult> SetPeerMtuAsync(int mtu, CancellationToken cancellationToken) =>
        RunAsync("peer-mtu", vm.Lab.Time, async () =>
        {
            await net.SetPeerMtuAsync(mtu, cancellationToken);
            return HostActionResult.Success("peer-mtu", Obs("peer_mtu", await net.PeerMtuAsync(cancellationToken)));
        });

    /// <summary>Each VM of a run gets its own address on the peer subnets (from its MAC's last byte, 2..250).</summary>
    internal static string GuestIp(QemuVm vm, string subnet) =>
        $"{subnet}.{2 + (Convert.ToInt32(vm.Settings["peer.nic.mac"][^2..], 16) % 248)}";
}

/// <summary>A VLAN sub-interface on the peer; tagged frames cross the (non-filtering) bridge as a trunk.</summary>
internal sealed class QemuVlanFacet(QemuVm vm, PeerNetwork net) : IVlanFacet
{
    public Task<HostActionResult> ConfigureVlanAsync(int vlanId, CancellationToken cancellationToken) =>
        RunAsync("peer-vlan", vm.Lab.Time, async () =>
        {
            var peerVlan = vm.Spec.Has(VmFault.PeerVlanMismatch) ? vlanId + 1 : vlanId;
            var link = await net.AddVlanAsync(peerVlan, cancellationToken);
            return HostActionResult.Success("peer-vlan", Obs("vlan_id", vlanId), Obs("peer_vlan_id", peerVlan), Obs("peer_link", link),
                Obs("peer_ip", PeerNetwork.VlanPeerIp), Obs("guest_ip", QemuNetworkPeerFacet.GuestIp(vm, "192.168.100")),
                Obs("prefix", PeerNetwork.Prefix), Obs("mode", "trunk"));
        });
}

/// <summary>Queues of the second NIC's multiqueue tap, counted in the run's namespace (<c>/sys/class/net/TAP/queues</c>).</summary>
internal sealed class QemuMultiQueueNicFacet(QemuVm vm, PeerNetwork net) : IMultiQueueNicFacet
{
    public Task<HostActionResult> DescribeQueuesAsync(CancellationToken cancellationToken) =>
        RunAsync("tap-queues", vm.Lab.Time, async () =>
        {
            var tap = vm.Options.PeerTap ?? throw new InvalidOperationException("this VM has no tap NIC");
            // The tap counts only the queues the guest enabled (min(vCPUs, offered)); what the host offers is the configured count.
            var active = await net.TapQueuesAsync(tap, cancellationToken);
            return HostActionResult.Success("tap-queues", Obs("queues", vm.Settings["peer.nic.queues"]), Obs("tap_active_queues", active),
                Obs("tap", tap), Obs("guest_mac", vm.Settings["peer.nic.mac"]));
        });
}

/// <summary>Offload features the virtio-net device offers (its QOM properties <c>csum</c>, <c>host_tso4</c>, <c>guest_tso4</c>).</summary>
internal sealed class QemuNicOffloadFacet(QemuVm vm) : INicOffloadFacet
{
    public Task<HostActionResult> DescribeOffloadsAsync(CancellationToken cancellationToken) =>
        RunAsync("qom-get offloads", vm.Lab.Time, async () =>
        {
            var nic = vm.Options.PeerTap is not null ? QemuCommandLine.PeerNicId : "nic0";
            async Task<string> Prop(string name) =>
                (await vm.Qmp.ExecuteAsync("qom-get", new JsonObject { ["path"] = $"/machine/peripheral/{nic}", ["property"] = name }, null, cancellationToken))
                .GetBoolean() ? "on" : "off";
            var csum = await Prop("csum");
            var tso = await Prop("host_tso4") == "on" && await Prop("guest_tso4") == "on" ? "on" : "off";
            var lro = await Prop("guest_tso4");
            var mac = nic == "nic0" ? vm.Settings["nic.mac"] : vm.Settings["peer.nic.mac"];
            return HostActionResult.Success("qom-get offloads", Obs("tso", tso), Obs("checksum", csum), Obs("lro", lro), Obs("nic", nic), Obs("guest_mac", mac));
        });
}
