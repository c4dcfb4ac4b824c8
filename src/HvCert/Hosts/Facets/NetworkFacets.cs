namespace HvCert.Hosts.Facets;

/// <summary>
/// A second link from the guest to a peer the run owns (another VM or a network namespace).
/// Observations of <see cref="PrepareAsync"/>: <c>guest_mac</c> (of the guest NIC on this link), <c>peer_ip</c>, <c>guest_ip</c>, <c>prefix</c>, <c>peer_mtu</c>.
/// </summary>
public interface INetworkPeerFacet
{
    Task<HostActionResult> PrepareAsync(int mtu, CancellationToken cancellationToken);

    Task<HostActionResult> SetPeerMtuAsync(int mtu, CancellationToken cancellationToken);
}

/// <summary>Carries a VLAN to the peer. Observations: <c>vlan_id</c>, <c>peer_ip</c>, <c>guest_ip</c>, <c>prefix</c>, <c>mode</c> (access/trunk).</summary>
public interface IVlanFacet
{
    Task<HostActionResult> ConfigureVlanAsync(int vlanId, CancellationToken cancellationToken);
}

/// <summary>Observations: <c>queues</c> offered by the host side of the NIC.</summary>
public interface IMultiQueueNicFacet
{
    Task<HostActionResult> DescribeQueuesAsync(CancellationToken cancellationToken);
}

/// <summary>Host-side offload settings of the NIC port. Observations: <c>tso</c>, <c>checksum</c>, <c>lro</c> (on/off/unknown).</summary>
public interface INicOffloadFacet
{
    Task<HostActionResult> DescribeOffloadsAsync(CancellationToken cancellationToken);
}

/// <summary>Pushes a static IPv4 configuration into the guest from the host.</summary>
public interface IStaticIpFacet
{
    Task<HostActionResult> InjectAsync(string address, int prefixLength, CancellationToken cancellationToken);
}

/// <summary>Observations: <c>vf_count</c>, <c>vf_pci</c>.</summary>
public interface ISrIovFacet
{
    Task<HostActionResult> EnableVirtualFunctionAsync(CancellationToken cancellationToken);
}
