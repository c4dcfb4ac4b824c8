namespace HvCert.Running;

/// <summary>
/// How many VMs to run at once when the user does not say. Under software emulation (no KVM) a 2-vCPU guest keeps two
/// host cores busy and parallel boots triple each other's time, so it is one VM per two cores; with hardware
/// virtualization it is one per core, bounded by memory (2 GiB per VM). Never more slots than VM groups.
/// </summary>
internal static class SlotPolicy
{
    public static int Default(int cores, bool hardwareVirtualization, long availableMemoryMb, int groups)
    {
        var byCpu = hardwareVirtualization ? cores : cores / 2;
        var byMemory = (int)Math.Min(int.MaxValue, availableMemoryMb / 2048);
        return Math.Max(1, Math.Min(Math.Min(byCpu, byMemory), Math.Max(1, groups)));
    }

    /// <summary>This machine: cores, whether /dev/kvm is usable, and the memory the GC sees as available.</summary>
    public static int ForThisMachine(int groups)
    {
        var kvm = OperatingSystem.IsLinux() && File.Exists("/dev/kvm");
        var memoryMb = GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / (1024 * 1024);
        return Default(Environment.ProcessorCount, kvm, memoryMb, groups);
    }
}
