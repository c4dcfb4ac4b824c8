using HvCert.Catalog;
using HvCert.Features.Common;
using HvCert.Hosts;
using HvCert.Hosts.Facets;
using HvCert.Probes;

namespace HvCert.Features.Misc.Nmi;

/// <summary>NMI on FreeBSD: after the host injects an NMI, the kernel message buffer has more NMI lines than before.</summary>
internal sealed class NmiFreeBsdProbe : FreeBsdGuestProbe
{
    public const int Before = 3;
    public const int Inject = 4;
    public const int After = 5;

    private const string CountNmi = "dmesg | grep -c NMI";

    public override string FeatureId => "misc.nmi";

    public override Isolation Isolation => Isolation.OwnVm;

    public override IReadOnlyList<VmFault> NegativeControl { get; } = [VmFault.NmiWatchdogOff];

    public override string NegativeControlNote => "no NMI is injected, so the count must not rise";

    public override IReadOnlyList<ProbeStep> Steps(BackendKind backend) =>
    [
        .. FreeBsdJudging.Opening(),
        new GuestCommand(Before, CountNmi, "NMI lines in the kernel log before", MayFail: true),
        new HostAction<INmiFacet>(Inject, "inject-nmi", "host injects an NMI", Facet.Nmi, (f, _, ct) => f.InjectNmiAsync(ct)),
        new GuestCommand(After, "sleep 3; " + CountNmi, "NMI lines after", MayFail: true),
    ];

    public override Verdict Judge(ProbeEvidence evidence)
    {
        if (!evidence.Ran(Before, out var before, out var failure, mayFail: true) || !evidence.HostOk(Inject, out _, out failure)
            || !evidence.Ran(After, out var after, out failure, mayFail: true))
        {
            return failure;
        }

        var b = int.TryParse(before.Stdout.Trim(), System.Globalization.CultureInfo.InvariantCulture, out var x) ? x : 0;
        var a = int.TryParse(after.Stdout.Trim(), System.Globalization.CultureInfo.InvariantCulture, out var y) ? y : 0;
        return a > b
            ? Verdict.Supported($"NMI lines in the kernel log {b} → {a} after injection")
            : Verdict.NotSupported($"no new NMI line after the host injected one ({b} → {a})");
    }
}
