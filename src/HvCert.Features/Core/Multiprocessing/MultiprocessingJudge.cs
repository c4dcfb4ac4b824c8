using HvCert.Features.Common;
using HvCert.Guests.Tools.Linux;
using HvCert.Probes;
using static HvCert.Features.Core.Multiprocessing.MultiprocessingProbe;

namespace HvCert.Features.Core.Multiprocessing;

internal static class MultiprocessingJudge
{
    public static Verdict Judge(ProbeEvidence evidence)
    {
        if (!evidence.Ran(OnlineBefore, out var before, out var failure) || !evidence.HostOk(Spec, out var spec, out failure))
        {
            return failure;
        }

        var online = CpuList.Parse(before.Stdout.Split('\n')[0]);
        var hot = evidence.Host(HotAdd);
        var offered = (int?)hot?.Number("cpus_before") ?? (int?)spec.Number("cpus") ?? 0;
        if (online is null)
        {
            return Verdict.Error($"cannot read the online CPU list from '{Judging.FirstLine(before.Stdout)}'");
        }

        if (online.Count != offered)
        {
            return Verdict.NotSupported($"the host offered {offered} CPUs but the guest has {online.Count} online ({CpuList.Format(online)})");
        }

        if (online.Count < 2)
        {
            return Verdict.NotSupported($"only {online.Count} CPU offered and online: multiprocessing not demonstrated");
        }

        if (hot is null || (!hot.Ok && hot.Observation(Common.HostStep.NotOfferedKey) is not null))
        {
            var why = hot?.Observation(Common.HostStep.NotOfferedKey) ?? "not attempted";
            return Verdict.Supported($"{online.Count} of {offered} offered CPUs online; CPU hot-add not exercised ({Judging.Clip(why, 80)})");
        }

        // The backend offers CPU hot-add and tried it: a failure is a failed part of the feature, never "not exercised".
        if (!hot.Ok)
        {
            return Verdict.Caveat($"{online.Count} of {offered} offered CPUs online, but the host's CPU hot-add failed: {Judging.Clip(hot.Error ?? "no error text", 100)}");
        }

        if (!evidence.Ran(OnlineAfter, out var after, out failure))
        {
            return failure;
        }

        var afterSet = CpuList.Parse(after.Stdout.Trim().Split('\n')[^1]);
        var expected = (int?)hot.Number("cpus_after") ?? offered + 1;
        return afterSet is not null && afterSet.Count == expected
            ? Verdict.Supported($"{online.Count} of {offered} offered CPUs online; hot-added CPU came online ({afterSet.Count} online: {CpuList.Format(afterSet)})")
            : Verdict.Caveat($"{online.Count} of {offered} offered CPUs online, but after hot-add the guest shows {afterSet?.Count.ToString() ?? "?"} of {expected}");
    }
}
