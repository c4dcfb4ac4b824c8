using System.Globalization;
using HvCert.Features.Common;
using HvCert.Hosts;
using HvCert.Probes;

namespace HvCert.Features.Core.Multiprocessing;

/// <summary>Multiprocessing on FreeBSD: hw.ncpu equals the CPUs the host configured, and more than one.</summary>
internal sealed class MultiprocessingFreeBsdProbe : FreeBsdGuestProbe
{
    public const int Ncpu = 3;
    public const int Spec = 4;

    public override string FeatureId => "core.multiprocessing";

    public override IReadOnlyList<VmFault> NegativeControl { get; } = [VmFault.SingleCpu];

    public override string NegativeControlNote => "the VM gets a single virtual CPU";

    public override IReadOnlyList<ProbeStep> Steps(BackendKind backend) =>
    [
        .. FreeBsdJudging.Opening(),
        new GuestCommand(Ncpu, "sysctl -n hw.ncpu", "CPUs the kernel runs on"),
        new HostRead(Spec, "vm-spec", "CPUs the host configured", (vm, _) =>
            HostActionResult.Success("vm-spec", ("cpus", vm.Spec.Cpus.ToString(CultureInfo.InvariantCulture)))),
    ];

    public override Verdict Judge(ProbeEvidence evidence)
    {
        if (!evidence.Ran(Ncpu, out var ncpu, out var failure) || !evidence.HostOk(Spec, out var spec, out failure))
        {
            return failure;
        }

        if (!int.TryParse(ncpu.Stdout.Trim(), CultureInfo.InvariantCulture, out var guest))
        {
            return Verdict.Error($"cannot read hw.ncpu from '{Judging.FirstLine(ncpu.Stdout)}'");
        }

        var offered = (int?)spec.Number("cpus") ?? 0;
        if (guest != offered)
        {
            return Verdict.NotSupported($"the host offered {offered} CPUs but hw.ncpu is {guest}");
        }

        return guest > 1
            ? Verdict.Supported($"hw.ncpu {guest} = {offered} offered")
            : Verdict.NotSupported("only 1 CPU offered and online: multiprocessing not demonstrated");
    }
}
