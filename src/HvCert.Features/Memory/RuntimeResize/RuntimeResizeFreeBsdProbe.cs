using HvCert.Catalog;
using HvCert.Features.Common;
using HvCert.Hosts;
using HvCert.Hosts.Facets;

namespace HvCert.Features.Memory.RuntimeResize;

/// <summary>Runtime memory resize on FreeBSD: hw.physmem grows after the host raises assigned memory by {{resize_mb}} MB.</summary>
internal sealed class RuntimeResizeFreeBsdProbe : FreeBsdMemoryProbe
{
    public override string FeatureId => "memory.runtime-resize";

    public override IReadOnlyList<VmFault> NegativeControl { get; } = [VmFault.NoMemoryHotplugSlots];

    public override string NegativeControlNote => "assigned memory cannot change at run time";

    public override IReadOnlyDictionary<string, string> Defaults { get; } = Params(("resize_mb", "256"), ("memory_mb", "1024"));

    protected override string Sysctl => "hw.physmem";

    protected override string AmountParameter => "resize_mb";

    protected override int Direction => 1;

    protected override ProbeStep HostChange() =>
        new HostAction<IRuntimeMemoryResizeFacet>(Change, "memory-resize", "host raises assigned memory by {{resize_mb}} MB", Facet.RuntimeMemoryResize,
            (f, s, ct) => f.ResizeAsync(s.Int("memory_mb") + s.Int("resize_mb"), ct));
}
