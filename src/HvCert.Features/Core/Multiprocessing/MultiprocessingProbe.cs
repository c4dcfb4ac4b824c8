using System.Globalization;
using HvCert.Catalog;
using HvCert.Features.Common;
using HvCert.Hosts;
using HvCert.Hosts.Facets;
using HvCert.Probes;

namespace HvCert.Features.Core.Multiprocessing;

/// <summary>
/// Multiprocessing: the guest brings every offered virtual CPU online (more than one), and where the host can hot-add
/// a CPU (QEMU; Hyper-V cannot), the added CPU comes online too.
/// </summary>
internal sealed class MultiprocessingProbe : LinuxGuestProbe
{
    public const int OnlineBefore = 1;
    public const int Spec = 2;
    public const int HotAdd = 3;
    public const int OnlineAfter = 4;

    /// <summary>
    /// Waits for a hot-added CPU to appear in sysfs (up to 6 s, polled every 0.2 s; it was a fixed 3 s sleep), onlines CPUs
    /// that arrived offline (no udev rule does it on every distro), then lists the online set.
    /// </summary>
    public const string OnlineAfterCommand =
        "b=$(cat /run/hvcert-cpus-before 2>/dev/null || echo 0); for i in $(seq 30); do [ $(ls -d /sys/devices/system/cpu/cpu[0-9]* | wc -l) -gt \"$b\" ] && break; sleep 0.2; done; " +
        "udevadm settle -t 5 2>/dev/null; for c in /sys/devices/system/cpu/cpu[0-9]*/online; do [ \"$(cat \"$c\")\" = 0 ] && echo 1 > \"$c\"; done; cat /sys/devices/system/cpu/online";

    public override string FeatureId => "core.multiprocessing";

    // Hot-adding a CPU changes the VM's device set (a later migration or snapshot revert must match it): run isolated.
    public override Isolation Isolation => Isolation.OwnVm;

    public override IReadOnlyList<VmFault> NegativeControl { get; } = [VmFault.SingleCpu];

    public override string NegativeControlNote => "the VM gets a single virtual CPU and no CPU slots, so multiprocessing cannot be shown";

    public override IReadOnlyList<ProbeStep> Steps(BackendKind backend) =>
    [
        new GuestCommand(OnlineBefore, "ls -d /sys/devices/system/cpu/cpu[0-9]* | wc -l > /run/hvcert-cpus-before; cat /sys/devices/system/cpu/online; nproc",
            "online CPU list and count"),
        new HostRead(Spec, "vm-spec", "CPUs the host configured", (vm, _) =>
            HostActionResult.Success("vm-spec", ("cpus", vm.Spec.Cpus.ToString(CultureInfo.InvariantCulture)))),
        new HostAction<ICpuHotAddFacet>(HotAdd, "cpu-hot-add", "host hot-adds one CPU", Facet.CpuHotAdd,
            (f, _, ct) => f.AddCpuAsync(ct)) { Optional = true },
        new GuestCommand(OnlineAfter, OnlineAfterCommand, "online any hot-added CPU and list the online set"),
    ];

    public override Verdict Judge(ProbeEvidence evidence) => MultiprocessingJudge.Judge(evidence);
}
