using HvCert.Catalog;
using HvCert.Features.Common;
using HvCert.Hosts;
using HvCert.Hosts.Facets;
using HvCert.Probes;

namespace HvCert.Features.Memory.HotAdd;

/// <summary>Dynamic Memory hot-add: the host adds {{hot_add_mb}} MiB to the running VM (Hyper-V Dynamic Memory, QEMU pc-dimm) and the guest's MemTotal grows by it.</summary>
internal sealed class HotAddProbe : LinuxGuestProbe
{
    public const int Before = 1;
    public const int Add = 2;
    public const int After = 3;
    public const int Blocks = 4;
    public const int DriverLog = 5;

    public override string FeatureId => "memory.hot-add";

    public override Isolation Isolation => Isolation.OwnVm;

    public override IReadOnlyList<VmFault> NegativeControl { get; } = [VmFault.NoMemoryHotplugSlots];

    public override string NegativeControlNote => "the VM has no memory hot-plug slots, so the host cannot add memory";

    public override IReadOnlyDictionary<string, string> Defaults { get; } = Params(("hot_add_mb", "512"), ("memory_wait_s", "60"));

    public override IReadOnlyList<ProbeStep> Steps(BackendKind backend) =>
    [
        new GuestCommand(Before, MemoryCommands.MemInfoBefore, "guest memory before"),
        new HostAction<IMemoryHotAddFacet>(Add, "hot-add-memory", "host hot-adds {{hot_add_mb}} MiB", Facet.MemoryHotAdd,
            (f, s, ct) => f.HotAddAsync(s.Int("hot_add_mb"), ct)),
        new GuestCommand(After, MemoryCommands.MemInfoAfter, "guest memory after, waiting up to {{memory_wait_s}} s", TimeSpan.FromSeconds(120)),
        new GuestCommand(Blocks, MemoryCommands.Blocks, "memory block states (online/offline)", MayFail: true),
        new GuestCommand(DriverLog, MemoryCommands.DriverLog, "memory driver lines of the kernel log", MayFail: true),
    ];

    public override Verdict Judge(ProbeEvidence evidence) => HotAddJudge.Judge(evidence);
}
