using HvCert.HyperV;
using HvCert.HyperV.Cim;
using HvCert.Transport;

namespace HvCert.Tests.HyperV.Twin.Guests;

/// <summary>
/// The guest side of a twin lab: the backend's guest transport for whichever twin VM reports the address it dials. Each answer
/// reads that VM's state as the twin host left it (<see cref="TwinWorlds"/>: memory, CPUs, disks, KVP items, copied files, NMIs,
/// enabled integration components, NICs, HBAs), so a guest only ever shows what the host really did. FreeBSD VMs (name carries
/// "freebsd") get <see cref="FreeBsdGuest"/> (13 or 14 by name), the others <see cref="LinuxGuest"/>.
/// </summary>
internal sealed class TwinGuests(TwinLab lab)
{
    private readonly TwinWorlds worlds = new(lab);

    public List<ScriptedGuest> Opened { get; } = [];

    public GuestConnector Connector => (endpoint, _, _) =>
    {
        var vm = lab.Hosts.SelectMany(h => h.Vms.Values).FirstOrDefault(v => v.GuestAddress == endpoint.Host && v.Running)
            ?? throw new GuestUnreachableException($"no running twin VM answers at {endpoint.Host}");
        var freeBsd = vm.Name.Contains("freebsd", StringComparison.OrdinalIgnoreCase);
        var release = vm.Name.Contains("freebsd-14", StringComparison.OrdinalIgnoreCase) ? 14 : 13;
        var guest = new ScriptedGuest(command =>
        {
            var world = worlds.For(vm.Id);
            var offered = world.Vmbus.Select(v => v.ClassId).ToHashSet(StringComparer.OrdinalIgnoreCase);
            return freeBsd ? FreeBsdGuest.Rules(world, offered, release) : LinuxGuest.Rules(world, offered);
        }, lab.Clock.Advance);
        lock (Opened)
        {
            Opened.Add(guest);
        }

        return Task.FromResult<IGuestTransport>(guest);
    };
}
