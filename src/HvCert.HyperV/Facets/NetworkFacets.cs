using HvCert.Hosts;
using HvCert.Hosts.Facets;
using HvCert.HyperV.Cim;
using static HvCert.HyperV.Facets.FacetAction;

namespace HvCert.HyperV.Facets;

/// <summary>Port features of the VM NIC's Msvm_EthernetPortAllocationSettingData (hyperv-wmi.md §2, offload rows); VLAN is in PeerFacets.</summary>
internal sealed class NetworkFacets(VmContext vm, bool iovDisabled = false)
    : IMultiQueueNicFacet, INicOffloadFacet, IStaticIpFacet, ISrIovFacet
{
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

    /// <summary>
    /// IOVOffloadWeight 100 on the port (switch created with -EnableIov), then IovVfDataPathActive from Msvm_EthernetSwitchPortOffloadData.
    /// Under <see cref="VmFault.SrIovDisabled"/> the weight is set to 0 (SR-IOV off for this NIC), so no virtual function reaches the guest.
    /// </summary>
    public Task<HostActionResult> EnableVirtualFunctionAsync(CancellationToken cancellationToken) =>
        RunAsync(vm, "EnableIov", async () =>
        {
            var offload = await OffloadAsync(cancellationToken);
            await vm.Session.VsmsAsync("ModifyFeatureSettings", cancellationToken, null,
                new CimArgument("FeatureSettings", CimValue.Strings(CimXml.Write(offload.With(("IOVOffloadWeight", CimValue.UInt32(iovDisabled ? 0u : 100u)))))));
            var data = await vm.Session.QueryAsync(Wql.SettingsOf("Msvm_EthernetSwitchPortOffloadData", vm.VmId), cancellationToken);
            var active = data.Count > 0 && data[0].Bool("IovVfDataPathActive");
            return HostActionResult.Success("EnableIov", ("vf_count", active ? "1" : "0"), ("vf_pci", "unknown"),
                ("iov_vf_id", data.Count > 0 ? data[0].String("IovVfId") ?? "" : ""));
        });

    private Task<CimInstanceData> OffloadAsync(CancellationToken ct) => vm.SettingAsync("Msvm_EthernetSwitchPortOffloadSettingData", ct);
}
