namespace HvCert.Features.Memory;

/// <summary>
/// Guest commands shared by the memory probes. The "before" reading also leaves MemTotal/MemAvailable in /run, so the
/// "after" reading can wait in the guest for the change to land instead of sleeping a fixed time.
/// </summary>
internal static class MemoryCommands
{
    public const string MemInfoBefore = "cat /proc/meminfo | tee /run/hvcert-meminfo-before";

    /// <summary>Waits up to {{memory_wait_s}} s for MemTotal (or MemAvailable) to move, lets onlining settle, then prints /proc/meminfo.</summary>
    public const string MemInfoAfter =
        "b=$(grep -E '^(MemTotal|MemAvailable):' /run/hvcert-meminfo-before); for i in $(seq {{memory_wait_s}}); do " +
        "[ \"$(grep -E '^(MemTotal|MemAvailable):' /proc/meminfo)\" != \"$b\" ] && break; sleep 1; done; sleep 3; cat /proc/meminfo";

    public const string Blocks = "grep -H . /sys/devices/system/memory/block_size_bytes /sys/devices/system/memory/memory*/state";

    public const string DriverLog = "dmesg | grep -E 'hv_balloon|virtio_mem|virtio_balloon|memory hotplug|Memory hot add' | tail -n 20";
}
