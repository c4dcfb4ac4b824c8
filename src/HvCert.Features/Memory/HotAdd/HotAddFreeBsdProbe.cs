using HvCert.Catalog;
using HvCert.Features.Common;
using HvCert.Hosts;
using HvCert.Hosts.Facets;

namespace HvCert.Features.Memory.HotAdd;

/// <summary>Dynamic memory hot-add on FreeBSD: hw.physmem grows after the host adds {{hot_add_mb}} MB.</summary>
internal sealed class HotAddFreeBsdProbe : FreeBsdMemoryProbe
{
    public override string FeatureId => "memory.hot-add";

    public override IReadOnlyList<VmFault> NegativeControl { get; } = [VmFault.NoMemoryHotplugSlots];

    public override string NegativeControlNote => "no memory can be hot-added, so hw.physmem must not grow";

    public override IReadOnlyDictionary<string, string> Defaults { get; } = Params(("hot_add_mb", "512"));

    protected override string Sysctl => "hw.physmem";

    protected override string AmountParameter => "hot_add_mb";

    protected override int Direction => 1;

    protected override ProbeStep HostChange() =>
        new HostAction<IMemoryHotAddFacet>(Change, "memory-hot-add", "host hot-adds {{hot_add_mb}} MB", Facet.MemoryHotAdd,
            (f, s, ct) => f.HotAddAsync(s.Int("hot_add_mb"), ct));
}
