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

        var header = channels.Stdout.Split('\n').FirstOrDefault(l => l.StartsWith("== ", StringComparison.Ordinal))?[3..].Split(' ') ?? [];
        var device = header.Length > 1 ? header[1] : "";
        var parsed = EthtoolChannels.Parse(channels.Stdout);
        var count = parsed?.Combined ?? parsed?.Rx ?? 0;
        var min = evidence.ParamInt("min_queues", 2);
        if (count < min)
        {
            return Verdict.NotSupported($"{(header.Length > 0 ? header[0] : "the NIC")} has {count} combined channel(s) (max {parsed?.MaxCombined?.ToString() ?? "?"}); vRSS needs at least {min}");
        }

        if (!evidence.Ran(InterruptsBefore, out var irqBefore, out failure) || !evidence.Ran(Load, out _, out failure) || !evidence.Ran(InterruptsAfter, out var irqAfter, out failure))
        {
            return failure;
        }

        var spread = ReceiveSpread.FromInterrupts(irqBefore.Stdout, irqAfter.Stdout, device)
            ?? ReceiveSpread.FromQueuesAndChannels(evidence.Command(StatsBefore)?.Stdout, evidence.Command(StatsAfter)?.Stdout, evidence.Command(Vmbus));
        if (spread is null)
        {
            return Verdict.NotSupported($"{count} channels, but neither per-queue interrupts of {device} nor per-queue counters with VMBus channel CPUs show where receive work ran");
        }

        return spread.Cpus.Count >= 2
            ? Verdict.Supported($"{count} combined channels; receive work on CPUs {string.Join(",", spread.Cpus)} under {evidence.Parameter("flows", "64")} flows ({spread.How})")
            : Verdict.NotSupported($"{count} channels, but under {evidence.Parameter("flows", "64")} flows all receive work stayed on CPU {string.Join(",", spread.Cpus)} ({spread.How})");
    }
}
