using HvCert.Catalog;
using HvCert.Features.Common;
using HvCert.Hosts;
using HvCert.Hosts.Facets;
using HvCert.Probes;

namespace HvCert.Features.Misc.Nmi;

/// <summary>
/// Non-maskable interrupt: the NMI the host injects shows up in the guest's kernel log ("NMI received for unknown reason")
/// with a timestamp between the guest uptimes read just before and after the injection. The NMI counter alone proves
/// nothing: the NMI watchdog and perf raise it all the time.
/// </summary>
internal sealed class NmiProbe : LinuxGuestProbe
{
    public const int InterruptsBefore = 1;
    public const int LogBefore = 2;
    public const int UptimeBefore = 3;
    public const int Inject = 4;
    public const int InterruptsAfter = 5;
    public const int LogAfter = 6;
    public const int UptimeAfter = 7;
    private const string Log = "dmesg | grep -E 'NMI received|NMI: Not continuing|Dazed and confused'";

    public override string FeatureId => "misc.nmi";

    public override Isolation Isolation => Isolation.OwnVm;

    public override IReadOnlyList<VmFault> NegativeControl { get; } = [VmFault.NmiWatchdogOff];

    public override string NegativeControlNote => "no NMI reaches the guest (the host's injection is suppressed), so counters and log must stay unchanged";

    public override IReadOnlyList<ProbeStep> Steps(BackendKind backend) =>
    [
        new GuestCommand(InterruptsBefore, "cat /proc/interrupts", "interrupt counters before"),
        new GuestCommand(LogBefore, Log, "NMI lines already in the kernel log", MayFail: true),
        new GuestCommand(UptimeBefore, "cut -d' ' -f1 /proc/uptime", "guest seconds since boot just before the injection (the kernel log's clock)"),
        new HostAction<INmiFacet>(Inject, "inject-nmi", "host injects a non-maskable interrupt", Facet.Nmi, (f, _, ct) => f.InjectNmiAsync(ct)),
        new GuestCommand(InterruptsAfter, "sleep 2; cat /proc/interrupts", "interrupt counters after"),
        new GuestCommand(LogAfter, Log, "NMI lines in the kernel log after", MayFail: true),
        new GuestCommand(UptimeAfter, "cut -d' ' -f1 /proc/uptime", "guest seconds since boot after reading the log"),
    ];

    public override Verdict Judge(ProbeEvidence evidence) => NmiJudge.Judge(evidence);
}
