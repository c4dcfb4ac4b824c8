using HvCert.Catalog;
using HvCert.Features.Common;
using HvCert.Hosts;
using HvCert.Hosts.Facets;

namespace HvCert.Features.Memory.Ballooning;

/// <summary>Ballooning on FreeBSD: hw.usermem falls when the host reclaims {{balloon_reclaim_mb}} MB.</summary>
internal sealed class BallooningFreeBsdProbe : FreeBsdMemoryProbe
{
    public override string FeatureId => "memory.ballooning";

    public override IReadOnlyList<VmFault> NegativeControl { get; } = [VmFault.NoBalloonDevice];

    public override string NegativeControlNote => "the VM has no balloon device";

    public override IReadOnlyDictionary<string, string> Defaults { get; } = Params(("balloon_reclaim_mb", "256"), ("memory_mb", "1024"));

    protected override string Sysctl => "hw.physmem";

    protected override string AmountParameter => "balloon_reclaim_mb";

    protected override int Direction => -1;

    protected override ProbeStep HostChange() =>
        new HostAction<IBalloonFacet>(Change, "balloon", "host reclaims {{balloon_reclaim_mb}} MB through the balloon", Facet.Balloon,
            (f, s, ct) => f.SetTargetAsync(s.Int("memory_mb") - s.Int("balloon_reclaim_mb"), ct));
}
