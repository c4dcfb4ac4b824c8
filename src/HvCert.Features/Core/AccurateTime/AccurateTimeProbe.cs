using HvCert.Features.Common;
using HvCert.Guests.Tools.Linux;
using HvCert.Hosts;
using HvCert.Probes;

namespace HvCert.Features.Core.AccurateTime;

/// <summary>
/// Windows Server 2016 Accurate Time: the guest clock is within <c>tolerance_ms</c> (1 ms) of the host's, shown by
/// |offset| + uncertainty from repeated host↔guest timestamp exchanges (uncertainty = half the minimum round trip).
/// Where the transport's round trip is too coarse for that (SSH under TCG), chrony's own bound against a host-side
/// reference (the Hyper-V PHC, or the lab host's chronyd) may stand in, reported as a caveat. On Hyper-V chrony must
/// also have selected the `hyperv` PTP clock.
/// </summary>
internal sealed class AccurateTimeProbe : LinuxGuestProbe
{
    public const int Inventory = 1;
    public const int PtpClocks = 2;
    public const int Sources = 3;
    public const int Tracking = 4;
    public const int Exchange = 5;
    public const int ExchangeHost = 6;

    public override string FeatureId => "core.accurate-time";

    public override IReadOnlyList<VmFault> NegativeControl { get; } = [VmFault.GuestClockSkewed];

    public override string NegativeControlNote => "the guest clock is skewed by 50 ms with its sync stopped, so the measured offset must exceed 1 ms";

    public override IReadOnlyDictionary<string, string> Defaults { get; } =
        Params(("samples", "16"), ("tolerance_ms", "1"), ("time_reference", "PHC0,10.0.2.2"));

    public override IReadOnlyList<ProbeStep> Steps(BackendKind backend) =>
    [
        new GuestCommand(Inventory, SysfsDeviceInventory.Command, "devices on the guest buses with their bound drivers"),
        new GuestCommand(PtpClocks, "for c in /sys/class/ptp/ptp*; do [ -e \"$c/clock_name\" ] && echo \"${c##*/} $(cat \"$c/clock_name\")\"; done; ls -l /dev/ptp_hyperv 2>&1; true",
            "PTP clocks offered to the guest (Hyper-V: clock_name hyperv)"),
        new GuestCommand(Sources, "chronyc -n sources", "chrony's sources and which one it selected", MayFail: true),
        new GuestCommand(Tracking, "chronyc -n tracking", "chrony's offset and error bound", MayFail: true),
        new ClockExchange(Exchange, ExchangeHost, "guest clock read, bracketed by host clock reads"),
    ];

    public override Verdict Judge(ProbeEvidence evidence) => AccurateTimeJudge.Judge(evidence);
}
