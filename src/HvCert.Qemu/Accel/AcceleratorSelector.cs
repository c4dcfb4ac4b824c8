namespace HvCert.Qemu.Accel;

/// <summary>
/// Chooses the lab's accelerator by proof, not by the presence of <c>/dev/kvm</c>: some hosts have a paravirtual KVM
/// (kvm-pvm, no vmx/svm flag) on which a QEMU started with <c>-accel kvm</c> spins with an empty serial log. So under
/// <c>--accel auto</c> KVM is used only when a short test boot under KVM reached the guest; the answer is cached per
/// host (name and kernel) and QEMU version, so the test boot costs its few seconds once.
/// </summary>
internal static class AcceleratorSelector
{
    public static async Task<AcceleratorChoice> ChooseAsync(AcceleratorRequest request, AcceleratorHost host, AcceleratorCache cache,
        Func<CancellationToken, Task<KvmTestBootResult>> testBoot, TimeProvider time, CancellationToken cancellationToken)
    {
        switch (request)
        {
            case AcceleratorRequest.Tcg:
                return new(Accelerator.Tcg, "TCG forced with --accel tcg", "forced", 0);
            case AcceleratorRequest.Kvm when !host.KvmDevice:
                throw new HvCert.Hosts.InfrastructureException("--accel kvm: this host has no /dev/kvm; use --accel auto or tcg");
            case AcceleratorRequest.Kvm:
                return new(Accelerator.Kvm, "KVM forced with --accel kvm (no test boot)", "forced", 0);
        }

        if (!host.KvmDevice)
        {
            return new(Accelerator.Tcg, "no /dev/kvm on this host", "no-kvm-device", 0);
        }

        if (cache.TryRead(host.CacheKey) is { } cached)
        {
            return cached with { Source = "cached", CostSeconds = 0 };
        }

        var started = time.GetTimestamp();
        var result = await testBoot(cancellationToken);
        var cost = time.GetElapsedTime(started).TotalSeconds;
        var flag = host.CpuVirtualizationFlag ? "" : " (the CPU shows no vmx/svm flag: a paravirtual KVM such as kvm-pvm)";
        var choice = result.ReachedGuest
            ? new AcceleratorChoice(Accelerator.Kvm, $"a KVM test boot reached the guest: {result.Detail}", "probed", cost)
            : new AcceleratorChoice(Accelerator.Tcg, $"/dev/kvm exists{flag}, but a KVM test boot did not reach the guest: {result.Detail}", "probed", cost);
        if (result.Conclusive)
        {
            cache.Write(host.CacheKey, choice);
        }

        return choice;
    }
}
