namespace HvCert.Qemu.Accel;

/// <summary>How QEMU runs guest code: software emulation (TCG) or the host kernel's hardware virtualization (KVM).</summary>
internal enum Accelerator
{
    Tcg,
    Kvm,
}

/// <summary>What the user asked for with <c>--accel</c>: <c>auto</c> (prove KVM with a test boot) or a fixed accelerator.</summary>
internal enum AcceleratorRequest
{
    Auto,
    Tcg,
    Kvm,
}

/// <summary>The accelerator the lab uses on this host, why, and what deciding it cost.</summary>
/// <param name="Source">forced (--accel), no-kvm-device, probed (a test boot just now), or cached (a test boot earlier).</param>
/// <param name="CostSeconds">Time the decision took in this process (0 when forced, cached or without /dev/kvm).</param>
internal sealed record AcceleratorChoice(Accelerator Kind, string Reason, string Source, double CostSeconds)
{
    public static AcceleratorChoice DefaultTcg { get; } = new(Accelerator.Tcg, "TCG by default (no accelerator decision was made)", "default", 0);

    public bool IsKvm => Kind == Accelerator.Kvm;

    public string Name => Kind == Accelerator.Kvm ? "kvm" : "tcg";

    /// <summary>Parses an <c>--accel</c> value; null when it is none of auto, tcg, kvm.</summary>
    public static AcceleratorRequest? ParseRequest(string? value) => value?.Trim().ToLowerInvariant() switch
    {
        null or "" or "auto" => AcceleratorRequest.Auto,
        "tcg" => AcceleratorRequest.Tcg,
        "kvm" => AcceleratorRequest.Kvm,
        _ => null,
    };
}

/// <summary>What a KVM test boot saw: whether the guest ran (firmware output, then the kernel banner), and what it saw, in words.</summary>
/// <param name="Conclusive">False when a stage could not be tried (no lab image for the kernel stage yet): such an answer is not cached.</param>
internal sealed record KvmTestBootResult(bool ReachedGuest, string Detail, bool Conclusive = true);

/// <summary>The facts about this host the decision depends on; <see cref="CacheKey"/> changes whenever a cached decision may no longer hold.</summary>
/// <param name="Host">Host name and kernel release: a new kernel or a loaded kvm module can change what KVM does.</param>
internal sealed record AcceleratorHost(bool KvmDevice, bool CpuVirtualizationFlag, string Host, string QemuVersion)
{
    public string CacheKey => $"{Host}|qemu {QemuVersion}";
}
