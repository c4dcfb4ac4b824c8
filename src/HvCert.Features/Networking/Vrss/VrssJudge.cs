using HvCert.Features.Common;
using HvCert.Guests.Tools.Linux;
using HvCert.Probes;
using static HvCert.Features.Networking.Vrss.VrssProbe;

namespace HvCert.Features.Networking.Vrss;

internal static class VrssJudge
{
    public static Verdict Judge(ProbeEvidence evidence)
    {
        if (!evidence.HostOk(Prepare, out _, out var failure) || !evidence.Ran(Channels, out var channels, out failure))
        {
            return failure;
        }

        // The NIC under test (picked by the peer link's MAC) must be the backend's NIC: under Hyper-V, hv_netvsc on VMBus.
        if (!evidence.Nic(Channels, "vRSS", out var nic, out failure))
        {
            return failure;
        }

        var parsed = EthtoolChannels.Parse(channels.Stdout);
        var count = parsed?.Combined ?? parsed?.Rx ?? 0;
        var min = evidence.ParamInt("min_queues", 2);
        if (count < min)
        {
            return Verdict.NotSupported($"{nic.Describe()} has {count} combined channel(s) (max {parsed?.MaxCombined?.ToString() ?? "?"}); vRSS needs at least {min}");
        }

        if (!evidence.Ran(InterruptsBefore, out var irqBefore, out failure) || !evidence.Ran(Load, out _, out failure) || !evidence.Ran(InterruptsAfter, out var irqAfter, out failure))
        {
            return failure;
        }

        // Per-NIC evidence only: the virtio device's own input-queue IRQs, or the VMBus channels of this NIC's instance.
        var spread = nic.Bus == "virtio" ? ReceiveSpread.FromInterrupts(irqBefore.Stdout, irqAfter.Stdout, nic.Id!) : null;
        spread ??= nic.Bus == "vmbus"
            ? ReceiveSpread.FromQueuesAndChannels(evidence.Command(StatsBefore)?.Stdout, evidence.Command(StatsAfter)?.Stdout, evidence.Command(Vmbus), nic.Id!)
            : null;
        if (spread is null)
        {
            return Verdict.NotSupported($"{count} channels on {nic.Describe()}, but neither its per-queue interrupts nor its per-queue counters with its own VMBus channel CPUs show where receive work ran");
        }

        var flows = evidence.Parameter("flows", "64");
        return spread.Cpus.Count >= 2
            ? Verdict.Supported($"{nic.Describe()}: {count} combined channels; receive work on CPUs {string.Join(",", spread.Cpus)} under {flows} flows ({spread.How})")
            : Verdict.NotSupported($"{nic.Describe()}: {count} channels, but under {flows} flows all receive work stayed on CPU {string.Join(",", spread.Cpus)} ({spread.How})");
    }
}
