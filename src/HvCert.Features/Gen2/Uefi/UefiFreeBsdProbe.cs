using HvCert.Features.Common;
using HvCert.Hosts;
using HvCert.Probes;

namespace HvCert.Features.Gen2.Uefi;

/// <summary>UEFI boot on FreeBSD: machdep.bootmethod says UEFI.</summary>
internal sealed class UefiFreeBsdProbe : FreeBsdGuestProbe
{
    public const int BootMethod = 3;

    public override string FeatureId => "gen2.uefi";

    public override IReadOnlyList<VmFault> NegativeControl { get; } = [];

    public override string NegativeControlNote => "a Gen1 (BIOS) VM: the planner marks it Not applicable; the judge says BIOS if run there";

    public override IReadOnlyList<ProbeStep> Steps(BackendKind backend) =>
        [.. FreeBsdJudging.Opening(), new GuestCommand(BootMethod, "sysctl -n machdep.bootmethod", "firmware the loader booted from")];

    public override Verdict Judge(ProbeEvidence evidence)
    {
        if (!evidence.Ran(BootMethod, out var method, out var failure))
        {
            return failure;
        }

        var value = method.Stdout.Trim();
        return value == "UEFI"
            ? Verdict.Supported("machdep.bootmethod is UEFI")
            : Verdict.NotSupported($"machdep.bootmethod is '{Judging.Clip(value, 20)}', not UEFI");
    }
}
