using HvCert.Catalog;
using HvCert.Features.Common;
using HvCert.Hosts;
using HvCert.Hosts.Facets;
using HvCert.Probes;

namespace HvCert.Features.Misc.Nmi;

/// <summary>Non-maskable interrupt: an NMI the host injects shows up in the guest's /proc/interrupts NMI counters or its kernel log.</summary>
internal sealed class NmiProbe : LinuxGuestProbe
{
    public const int InterruptsBefore = 1;
    public const int LogBefore = 2;
    public const int Inject = 3;
    public const int InterruptsAfter = 4;
    public const int LogAfter = 5;
    private const string Log = "dmesg | grep -E 'NMI received|NMI: Not continuing|Dazed and confused'";

    public override string FeatureId => "misc.nmi";

    public override Isolation Isolation => Isolation.OwnVm;

    public override IReadOnlyList<VmFault> NegativeControl { get; } = [VmFault.NmiWatchdogOff];

    public override string NegativeControlNote => "no NMI reaches the guest (the host's injection is suppressed), so counters and log must stay unchanged";

    public override IReadOnlyList<ProbeStep> Steps(BackendKind backend) =>
    [
        new GuestCommand(InterruptsBefore, "cat /proc/interrupts", "interrupt counters before"),
        new GuestCommand(LogBefore, Log, "NMI lines already in the kernel log", MayFail: true),
        new HostAction<INmiFacet>(Inject, "inject-nmi", "host injects a non-maskable interrupt", Facet.Nmi, (f, _, ct) => f.InjectNmiAsync(ct)),
        new GuestCommand(InterruptsAfter, "sleep 2; cat /proc/interrupts", "interrupt counters after"),
        new GuestCommand(LogAfter, Log, "NMI lines in the kernel log after", MayFail: true),
    ];

    public override Verdict Judge(ProbeEvidence evidence) => NmiJudge.Judge(evidence);
}
