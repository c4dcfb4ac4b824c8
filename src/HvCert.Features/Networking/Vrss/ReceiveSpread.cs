using HvCert.Evidence;
using HvCert.Guests.Tools.Linux;

namespace HvCert.Features.Networking.Vrss;

/// <summary>On which CPUs the NIC's receive work ran during the load, and how that was seen.</summary>
internal sealed record ReceiveSpread(IReadOnlyList<int> Cpus, string How)
{
    /// <summary>virtio-style per-queue IRQs named <c>&lt;device&gt;-input.N</c>: CPUs whose counters grew.</summary>
    public static ReceiveSpread? FromInterrupts(string before, string after, string device)
    {
        if (device.Length == 0)
        {
            return null;
        }

        var b = ProcInterruptsParser.Parse(before).Rows.Where(r => IsRx(r, device)).ToDictionary(r => r.Name);
        var rows = ProcInterruptsParser.Parse(after).Rows.Where(r => IsRx(r, device)).ToList();
        if (rows.Count == 0)
        {
            return null;
        }

        var cpus = new SortedSet<int>();
        foreach (var row in rows)
        {
            var old = b.TryGetValue(row.Name, out var o) ? o.PerCpu : [];
            for (var cpu = 0; cpu < row.PerCpu.Count; cpu++)
            {
                if (row.PerCpu[cpu] - (cpu < old.Count ? old[cpu] : 0) > 0)
                {
                    cpus.Add(cpu);
                }
            }
        }

        return new ReceiveSpread(cpus.ToList(), $"{rows.Count} {device} input-queue interrupts");
    }

    /// <summary>
    /// netvsc: queues whose rx counters grew, mapped to the target CPUs of the VMBus channels of the NIC whose instance is
    /// <paramref name="instance"/> (sub-channel N serves queue N). Another NIC's channels are never used.
    /// </summary>
    public static ReceiveSpread? FromQueuesAndChannels(string? statsBefore, string? statsAfter, CommandRan? lsvmbus, string instance)
    {
        if (statsBefore is null || statsAfter is null || lsvmbus is not { ExitCode: 0 })
        {
            return null;
        }

        var before = EthtoolStats.RxQueuePackets(EthtoolStats.Parse(statsBefore));
        var grew = EthtoolStats.RxQueuePackets(EthtoolStats.Parse(statsAfter))
            .Where(q => q.Value - before.GetValueOrDefault(q.Key) > 0).Select(q => q.Key).ToList();
        var nic = LsvmbusParser.Parse(lsvmbus.Stdout).FirstOrDefault(d => d.ClassId == NetvscClass && string.Equals(d.DeviceId, instance, StringComparison.OrdinalIgnoreCase));
        if (grew.Count == 0 || nic is null)
        {
            return null;
        }

        var cpus = grew.Where(q => q < nic.Channels.Count).Select(q => nic.Channels[q].TargetCpu).Distinct().Order().ToList();
        return new ReceiveSpread(cpus, $"{grew.Count} rx queues grew; the channels of VMBus {nic.DeviceId} for those queues target CPUs {string.Join(",", cpus)}");
    }

    private const string NetvscClass = "f8615163-df3e-46c5-913f-f2d2f965ed0e";

    private static bool IsRx(InterruptRow row, string device) =>
        row.Description.Split(' ').LastOrDefault() is { } action && action.StartsWith(device + "-input.", StringComparison.Ordinal);
}
