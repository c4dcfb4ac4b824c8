using HvCert.HyperV.Cim;
using HvCert.HyperV.Inventory;

namespace HvCert.Tests.HyperV.Twin;

/// <summary>
/// Several twin hosts sharing one clock, so live migration has somewhere to go. <see cref="Connect"/> is what
/// HyperVBackendFactory.CreateWith wants: inventory host → gateway, by address (a host not in the lab cannot be reached).
/// </summary>
public sealed class TwinLab
{
    private readonly Dictionary<string, HyperVTwin> hosts = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, HyperVTwin> addresses = new(StringComparer.OrdinalIgnoreCase);

    public TwinLab(TwinClock? clock = null) => Clock = clock ?? new TwinClock();

    public TwinClock Clock { get; }

    public IReadOnlyCollection<HyperVTwin> Hosts => hosts.Values;

    public HyperVTwin AddHost(string address, TwinOptions? options = null)
    {
        var twin = new HyperVTwin(address, Clock, options, this);
        hosts[address] = twin;
        return twin;
    }

    /// <summary>Another address <paramref name="twin"/> answers at (a host has a name and IP addresses), e.g. the loopback address
    /// its test sshd listens on: MigrateVirtualSystemToHost's DestinationHost is the inventory address, whichever it is.</summary>
    public void AddAddress(string address, HyperVTwin twin) => addresses[address] = twin;

    public HyperVTwin? Host(string address) => hosts.TryGetValue(address, out var h) || addresses.TryGetValue(address, out h) ? h : null;

    public ICimGateway Connect(HyperVHost host) =>
        Host(host.Address) ?? throw new CimGatewayException($"cannot open a CIM session to {host.Address}: no such host in the twin lab");
}
