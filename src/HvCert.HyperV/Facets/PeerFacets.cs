using HvCert.Hosts;
using HvCert.Hosts.Facets;
using HvCert.HyperV.Cim;
using HvCert.HyperV.Peer;
using HvCert.Transport;
using static HvCert.HyperV.Facets.FacetAction;

namespace HvCert.HyperV.Facets;

/// <summary>
/// Jumbo frames, vRSS and the offload probes' second link: the guest's second NIC and the peer VM's on the run's private
/// switch. The vmswitch forwards frames between two VM ports of one switch at whatever MTU both NICs use, so the host side of
/// jumbo frames is the peer: it runs at the requested MTU, and is capped at 1500 for the probe's negative half.
/// </summary>
internal sealed class PeerNetworkFacet(VmContext vm, PeerLink link, bool peerAt1500) : INetworkPeerFacet
{
    public Task<HostActionResult> PrepareAsync(int mtu, CancellationToken cancellationToken) =>
        RunAsync(vm, "PeerPrepare", async () =>
        {
            var peerMtu = peerAt1500 ? 1500 : mtu;
            var a = link.Addresses;
            var done = await link.ConfigureAsync(a.PeerIp, peerMtu, cancellationToken);
            return PeerResult("PeerPrepare", done, ("guest_mac", link.GuestMac), ("peer_ip", a.PeerIp), ("guest_ip", a.GuestIp),
                ("prefix", Text(PeerAddresses.Prefix)), ("peer_mtu", Text(peerMtu)));
        });

    public Task<HostActionResult> SetPeerMtuAsync(int mtu, CancellationToken cancellationToken) =>
        RunAsync(vm, "PeerMtu", async () => PeerResult("PeerMtu", await link.SetMtuAsync(mtu, cancellationToken), ("peer_mtu", Text(mtu))));

    /// <summary>A peer command that failed is a failed host action with its output: the judge must not read it as the guest's fault.</summary>
    internal static HostActionResult PeerResult(string action, CommandResult done, params (string, string)[] observations) =>
        done.Succeeded
            ? HostActionResult.Success(action, observations.Append(("peer_output", Cap(done.Stdout))).ToArray())
            : HostActionResult.Failure(action, $"the peer VM's command failed (exit {done.ExitCode}): {Cap(done.Stderr)}",
                ("peer_exit", Text(done.ExitCode)), ("peer_output", Cap(done.Stdout)));

    private static string Cap(string text) => text.Length > 2000 ? text[..2000] + "…" : text.Trim();
}

/// <summary>
/// VLAN over the peer link: the guest's port becomes a trunk that carries only VLAN N (Msvm_EthernetSwitchPortVlanSettingData
/// OperationMode 2, so the guest itself must tag: that is what the feature is), the peer's port is an access port on VLAN N
/// (the switch untags for it). PeerVlanMismatch puts the peer on N+1. Settings are added with VSMS.AddFeatureSettings on each
/// port's Msvm_EthernetPortAllocationSettingData, after removing an earlier VLAN setting (os-win does the same).
/// </summary>
internal sealed class PeerVlanFacet(VmContext vm, PeerLink link, bool mismatch) : IVlanFacet
{
    public Task<HostActionResult> ConfigureVlanAsync(int vlanId, CancellationToken cancellationToken) =>
        RunAsync(vm, "SetVlan", async () =>
        {
            var (peer, _) = await link.EnsureAsync(cancellationToken);
            var peerVlan = mismatch ? vlanId + 1 : vlanId;
            await SetAsync(vm, cancellationToken, ("OperationMode", CimValue.UInt32(2)), ("NativeVlanId", CimValue.UInt16(0)), ("TrunkVlanIdArray", CimValue.UInt16s(vlanId)));
            await SetAsync(peer.Context, cancellationToken, ("OperationMode", CimValue.UInt32(1)), ("AccessVlanId", CimValue.UInt16(peerVlan)));
            var a = link.Addresses;
            var done = await link.ConfigureAsync(a.VlanPeerIp, 1500, cancellationToken);
            return PeerNetworkFacet.PeerResult("SetVlan", done, ("vlan_id", Text(vlanId)), ("peer_vlan_id", Text(peerVlan)), ("mode", "trunk"),
                ("guest_mac", link.GuestMac), ("peer_ip", a.VlanPeerIp), ("guest_ip", a.VlanGuestIp), ("prefix", Text(PeerAddresses.Prefix)));
        });

    private static async Task SetAsync(VmContext on, CancellationToken ct, params (string, CimValue)[] set)
    {
        var port = on.PeerConnection ?? throw new InvalidOperationException($"VM {on.Name} has no peer-link NIC");
        var existing = await on.Session.QueryAsync(Wql.SettingsOf("Msvm_EthernetSwitchPortVlanSettingData", on.VmId), ct);
        if (existing.Count > 0)
        {
            await on.Session.VsmsAsync("RemoveFeatureSettings", ct, null, new CimArgument("FeatureSettings", CimValue.Refs(existing.Select(e => e.Ref).ToArray())));
        }

        var template = await on.Session.SingleAsync(
            $"SELECT * FROM Msvm_EthernetSwitchPortVlanSettingData WHERE InstanceID LIKE {Wql.Quote(@"%\Default")}", "no default VLAN settings", ct);
        await on.Session.VsmsAsync("AddFeatureSettings", ct, null,
            new CimArgument("AffectedConfiguration", CimValue.Ref(port)), new CimArgument("FeatureSettings", CimValue.Strings(CimXml.Write(template.With(set)))));
    }
}
