using System.Globalization;
using HvCert.Catalog;
using HvCert.Features.Common;
using HvCert.Hosts;
using HvCert.Hosts.Facets;
using HvCert.Probes;

namespace HvCert.Features.Memory.RuntimeResize;

/// <summary>Runtime memory resize: the host raises the running VM's assigned memory by {{resize_mb}} MiB (Hyper-V Set-VMMemory, QEMU virtio-mem) and MemTotal follows.</summary>
internal sealed class RuntimeResizeProbe : LinuxGuestProbe
{
    public const int Assigned = 1;
    public const int Before = 2;
    public const int Resize = 3;
    public const int After = 4;
    public const int Blocks = 5;
    public const int DriverLog = 6;

    public override string FeatureId => "memory.runtime-resize";

    public override Isolation Isolation => Isolation.OwnVm;

    public override IReadOnlyList<VmFault> NegativeControl { get; } = [VmFault.NoMemoryHotplugSlots];

    public override string NegativeControlNote => "the VM has no resizable memory region (QEMU: no virtio-mem device), so the host cannot resize it";

    public override IReadOnlyDictionary<string, string> Defaults { get; } = Params(("resize_mb", "256"), ("memory_wait_s", "60"));

    public override IReadOnlyList<ProbeStep> Steps(BackendKind backend) =>
    [
        SettingRead.Of(Assigned, "assigned-memory", "memory the host assigned at start", ("memory.mb|memory.startup_mb", "memory_mb")),
        new GuestCommand(Before, MemoryCommands.MemInfoBefore, "guest memory before"),
        new HostAction<IRuntimeMemoryResizeFacet>(Resize, "resize-memory", "host raises assigned memory by {{resize_mb}} MiB", Facet.RuntimeMemoryResize,
            (f, s, ct) => f.ResizeAsync(s.Int("memory_mb") + s.Int("resize_mb"), ct)),
        new GuestCommand(After, MemoryCommands.MemInfoAfter, "guest memory after, waiting up to {{memory_wait_s}} s", TimeSpan.FromSeconds(120)),
        new GuestCommand(Blocks, MemoryCommands.Blocks, "memory block states (online/offline)", MayFail: true),
        new GuestCommand(DriverLog, MemoryCommands.DriverLog, "memory driver lines of the kernel log", MayFail: true),
    ];

    public override Verdict Judge(ProbeEvidence evidence) => RuntimeResizeJudge.Judge(evidence);
}
