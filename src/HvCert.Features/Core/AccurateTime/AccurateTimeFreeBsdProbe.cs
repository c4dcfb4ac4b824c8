using HvCert.Features.Common;
using HvCert.Guests.Tools.FreeBsd;
using HvCert.Hosts;
using HvCert.Probes;

namespace HvCert.Features.Core.AccurateTime;

/// <summary>
/// Accurate Time on FreeBSD. FreeBSD has no Hyper-V PTP clock, so the 1 ms claim rests on the TimeSync IC (hvtimesync)
/// plus the Hyper-V reference TSC timecounter; the probe says so as a caveat rather than claiming a measured 1 ms.
/// </summary>
internal sealed class AccurateTimeFreeBsdProbe : FreeBsdGuestProbe
{
    public const int Timecounter = 3;

    public override string FeatureId => "core.accurate-time";

    public override IReadOnlyList<VmFault> NegativeControl { get; } = [VmFault.GuestClockSkewed];

    public override string NegativeControlNote => "guest clock skewed by 50 ms with the time-sync channel off";

    public override IReadOnlyList<ProbeStep> Steps(BackendKind backend) =>
    [
        .. FreeBsdJudging.Opening(),
        new GuestCommand(Timecounter, "sysctl kern.timecounter.hardware kern.timecounter.choice", "selected timecounter"),
    ];

    public override Verdict Judge(ProbeEvidence evidence)
    {
        if (!evidence.Bound(DeviceRole.TimeSync, out var detail, out var failure) || !evidence.Ran(Timecounter, out var tc, out failure))
        {
            return failure;
        }

        var hardware = SysctlParser.Parse(tc.Stdout).GetValueOrDefault("kern.timecounter.hardware", "");
        return hardware == "Hyper-V-TSC"
            ? Verdict.Caveat($"IC-level only: {detail}, timecounter Hyper-V-TSC; FreeBSD has no Hyper-V PTP clock, so a 1 ms offset is not measured")
            : Verdict.NotSupported($"timecounter is '{Judging.Clip(hardware, 40)}', not the Hyper-V reference TSC; {detail}");
    }
}
