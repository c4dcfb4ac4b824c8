namespace HvCert.Features.Memory;

/// <summary>
/// Guest commands shared by the memory probes. The "before" reading also leaves MemTotal/MemAvailable in /run, so the
/// "after" reading can wait in the guest for the change to land instead of sleeping a fixed time.
/// </summary>
internal static class MemoryCommands
{
    public const string MemInfoBefore = "cat /proc/meminfo | tee /run/hvcert-meminfo-before";

    /// <summary>
    /// Waits up to {{memory_wait_s}} s for MemTotal (or MemAvailable) to move (polled every 0.2 s), then until onlining has
    /// settled: MemTotal + MemAvailable moving by less than 16 MiB in 0.5 s (at most 10 s; it was a fixed 3 s sleep), then
    /// prints /proc/meminfo. The host facet has already waited for QEMU to report the balloon or virtio-mem size reached.
    /// </summary>
    public const string MemInfoAfter =
        "b=$(grep -E '^(MemTotal|MemAvailable):' /run/hvcert-meminfo-before); for i in $(seq $(( {{memory_wait_s}} * 5 ))); do " +
        "[ \"$(grep -E '^(MemTotal|MemAvailable):' /proc/meminfo)\" != \"$b\" ] && break; sleep 0.2; done; " +
        "p=0; for i in $(seq 20); do c=$(awk '/^(MemTotal|MemAvailable):/ {s += $2} END {print s}' /proc/meminfo); d=$((c - p)); " +
        "[ ${d#-} -lt 16384 ] && break; p=$c; sleep 0.5; done; cat /proc/meminfo";

    public const string Blocks = "grep -H . /sys/devices/system/memory/block_size_bytes /sys/devices/system/memory/memory*/state";

    public const string DriverLog = "dmesg | grep -E 'hv_balloon|virtio_mem|virtio_balloon|memory hotplug|Memory hot add' | tail -n 20";
}
