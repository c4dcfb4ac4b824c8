namespace HvCert.Running;

/// <summary>
/// How many VMs to run at once when the user does not say: one per core, bounded by memory (2 GiB per VM) and the
/// number of VM groups. Every backend now keeps about one core busy per VM: the QEMU lab runs TCG on one thread per VM
/// (so a 2-vCPU guest cannot take two cores), and under KVM or Hyper-V the vCPUs are real and mostly halted between
/// probe commands. On the 2-core TCG lab machine two slots ran the README main job in about half the wall time of
/// one (README, Performance), once each VM had its own network peer.
/// </summary>
internal static class SlotPolicy
{
    public static int Default(int cores, long availableMemoryMb, int groups)
    {
        var byMemory = (int)Math.Min(int.MaxValue, availableMemoryMb / 2048);
        return Math.Max(1, Math.Min(Math.Min(cores, byMemory), Math.Max(1, groups)));
    }

    /// <summary>This machine: its cores and the memory the GC sees as available.</summary>
    public static int ForThisMachine(int groups)
    {
        var memoryMb = GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / (1024 * 1024);
        return Default(Environment.ProcessorCount, memoryMb, groups);
    }
}
