using HvCert.Hosts;
using HvCert.Hosts.Facets;
using HvCert.HyperV.Cim;
using HvCert.HyperV.Inventory;
using static HvCert.HyperV.Facets.FacetAction;

namespace HvCert.HyperV.Facets;

/// <summary>Port features of the VM NIC's Msvm_EthernetPortAllocationSettingData (hyperv-wmi.md §2, VLAN and offload rows).</summary>
internal sealed class NetworkFacets(VmContext vm, VlanPeer? vlan, bool peerMismatch)
    : IVlanFacet, IMultiQueueNicFacet, INicOffloadFacet, IStaticIpFacet, ISrIovFacet
{
    /// <summary>Access or trunk mode through Msvm_EthernetSwitchPortVlanSettingData; os-win removes then re-adds it to change it.</summary>
    public Task<HostActionResult> ConfigureVlanAsync(int vlanId, CancellationToken cancellationToken) =>
        RunAsync(vm, "SetVlan", async () =>
        {
            var peer = vlan ?? throw new InvalidOperationException("VLAN facet offered without a vlan peer in the inventory");
            var port = await PortAsync(cancellationToken);
            var existing = await vm.Session.QueryAsync(Wql.SettingsOf("Msvm_EthernetSwitchPortVlanSettingData", vm.VmId), cancellationToken);
            if (existing.Count > 0)
            {
                await vm.Session.VsmsAsync("RemoveFeatureSettings", cancellationToken, null,
                    new CimArgument("FeatureSettings", CimValue.Refs(existing.Select(e => e.Ref).ToArray())));
            }

            var vmVlan = peerMismatch ? vlanId + 1 : vlanId; // negative control: guest tagged on another VLAN than the peer
            var template = await vm.Session.SingleAsync(
                $"SELECT * FROM Msvm_EthernetSwitchPortVlanSettingData WHERE InstanceID LIKE {Wql.Quote(@"%\Default")}", "no default VLAN settings", cancellationToken);
            var settings = peer.Mode == "trunk"
                ? template.With(("OperationMode", CimValue.UInt16(2)), ("NativeVlanId", CimValue.UInt16(peer.NativeVlanId ?? 1)), ("TrunkVlanIdArray", CimValue.UInt16s(vmVlan)))
                : template.With(("OperationMode", CimValue.UInt16(1)), ("AccessVlanId", CimValue.UInt16(vmVlan)));
            await vm.Session.VsmsAsync("AddFeatureSettings", cancellationToken, null,
                new CimArgument("AffectedConfiguration", CimValue.Ref(port.Ref)), new CimArgument("FeatureSettings", CimValue.Strings(CimXml.Write(settings))));
            return HostActionResult.Success("SetVlan", ("vlan_id", Text(vlanId)), ("vm_vlan_id", Text(vmVlan)), ("mode", peer.Mode),
                ("peer_ip", peer.PeerIp), ("guest_ip", peer.GuestIp), ("prefix", Text(peer.Prefix)));
        });

    /// <summary>The host offers one VMBus subchannel per vCPU when vRSS is on (VrssEnabled, default TRUE on 2016+).</summary>
    public Task<HostActionResult> DescribeQueuesAsync(CancellationToken cancellationToken) =>
        RunAsync(vm, "DescribeQueues", async () =>
        {
            var offload = await OffloadAsync(cancellationToken);
            var vrss = offload["VrssEnabled"] is { IsNull: false } v ? v.AsBool() : true;
            var cpus = (await vm.SettingAsync("Msvm_ProcessorSettingData", cancellationToken)).Number("VirtualQuantity") ?? 1;
            return HostActionResult.Success("DescribeQueues", ("queues", Text(vrss ? cpus : 1)), ("vrss_enabled", Text(vrss)),
                ("vmq_weight", Text(offload.Number("VMQOffloadWeight") ?? 0)), ("vmmq_enabled", Text(offload.Bool("VmmqEnabled"))));
        });

    /// <summary>
    /// The synthetic NIC always offers TSO and checksum offload to netvsc (NDIS offloads are negotiated in the guest); LRO/RSC
    /// needs a 2019+ host. The host-side VMQ/IOV/vRSS settings are read from the port's offload settings.
    /// </summary>
    public Task<HostActionResult> DescribeOffloadsAsync(CancellationToken cancellationToken) =>
        RunAsync(vm, "DescribeOffloads", async () =>
        {
            var offload = await OffloadAsync(cancellationToken);
            var build = vm.Settings.TryGetValue("host.build", out var b) && int.TryParse(b, out var n) ? n : 0;
            return HostActionResult.Success("DescribeOffloads", ("tso", "on"), ("checksum", "on"),
                ("lro", build == 0 ? "unknown" : build >= 17763 ? "on" : "off"),
                ("vmq_weight", Text(offload.Number("VMQOffloadWeight") ?? 0)), ("iov_weight", Text(offload.Number("IOVOffloadWeight") ?? 0)),
                ("vrss_enabled", Text(offload["VrssEnabled"] is not { IsNull: false } v || v.AsBool())));
        });

    /// <summary>VSMS.SetGuestNetworkAdapterConfiguration with the NIC's Msvm_GuestNetworkAdapterConfiguration (needs hv_kvp_daemon + hv_set_ifconfig).</summary>
    public Task<HostActionResult> InjectAsync(string address, int prefixLength, CancellationToken cancellationToken) =>
        RunAsync(vm, "SetGuestNetworkAdapterConfiguration", async () =>
        {
            var config = await vm.Session.SingleAsync(
                $"SELECT * FROM Msvm_GuestNetworkAdapterConfiguration WHERE InstanceID LIKE {Wql.Quote($"Microsoft:GuestNetwork\\{vm.VmId}%")}",
                "Msvm_GuestNetworkAdapterConfiguration of the VM NIC not found", cancellationToken);
            var mask = new System.Net.IPAddress(System.Buffers.Binary.BinaryPrimitives.ReverseEndianness(uint.MaxValue << (32 - prefixLength))).ToString();
            var changed = config.With(("DHCPEnabled", CimValue.Of(false)), ("ProtocolIFType", CimValue.UInt16(4096)),
                ("IPAddresses", CimValue.Strings(address)), ("Subnets", CimValue.Strings(mask)));
            await vm.Session.VsmsAsync("SetGuestNetworkAdapterConfiguration", cancellationToken, null,
                new CimArgument("ComputerSystem", CimValue.Ref(vm.SystemRef)), new CimArgument("NetworkConfiguration", CimValue.Strings(CimXml.Write(changed))));
            return HostActionResult.Success("SetGuestNetworkAdapterConfiguration", ("address", address), ("prefix", Text(prefixLength)), ("mask", mask));
        });

    /// <summary>IOVOffloadWeight 100 on the port (switch created with -EnableIov), then IovVfDataPathActive from Msvm_EthernetSwitchPortOffloadData.</summary>
    public Task<HostActionResult> EnableVirtualFunctionAsync(CancellationToken cancellationToken) =>
        RunAsync(vm, "EnableIov", async () =>
        {
            var offload = await OffloadAsync(cancellationToken);
            await vm.Session.VsmsAsync("ModifyFeatureSettings", cancellationToken, null,
                new CimArgument("FeatureSettings", CimValue.Strings(CimXml.Write(offload.With(("IOVOffloadWeight", CimValue.UInt32(100)))))));
            var data = await vm.Session.QueryAsync(Wql.SettingsOf("Msvm_EthernetSwitchPortOffloadData", vm.VmId), cancellationToken);
            var active = data.Count > 0 && data[0].Bool("IovVfDataPathActive");
            return HostActionResult.Success("EnableIov", ("vf_count", active ? "1" : "0"), ("vf_pci", "unknown"),
                ("iov_vf_id", data.Count > 0 ? data[0].String("IovVfId") ?? "" : ""));
        });

    private Task<CimInstanceData> PortAsync(CancellationToken ct) => vm.SettingAsync("Msvm_EthernetPortAllocationSettingData", ct);

    private Task<CimInstanceData> OffloadAsync(CancellationToken ct) => vm.SettingAsync("Msvm_EthernetSwitchPortOffloadSettingData", ct);
}
