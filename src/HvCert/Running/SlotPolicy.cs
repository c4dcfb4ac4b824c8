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

    /// <summary>
    /// This machine: its cores and the memory the GC sees as available. Hardware virtualization is the backend's
    /// word (Hyper-V always; the QEMU lab runs TCG even where /dev/kvm exists), not a guess from /dev/kvm.
    /// </summary>
    public static int ForThisMachine(int groups, bool hardwareVirtualization)
    {
        var memoryMb = GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / (1024 * 1024);
        return Default(Environment.ProcessorCount, hardwareVirtualization, memoryMb, groups);
    }
}
