using HvCert.Catalog;

namespace HvCert.Hosts;

/// <summary>An immutable request for one VM; the backend turns it into a live <see cref="IVm"/>.</summary>
/// <param name="RunId">Tags every process, file and VM this spec creates, so a reaper can find leftovers.</param>
/// <param name="Image">Backend-specific image reference: a cached lab image name, or a template VHDX path.</param>
/// <param name="HostColumn">The matrix host column the VM serves (<c>2019</c>, <c>qemu</c>…): a backend with one host per
/// column creates it on that column's host and never on another; null for a VM outside a plan (tests, tools).</param>
public sealed record VmSpec(
    string RunId,
    string Name,
    string Image,
    Generation Generation,
    bool SecureBoot,
    OsFamily Os = OsFamily.Linux,
    int Cpus = 2,
    int MemoryMb = 1024,
    IReadOnlySet<VmFault>? Faults = null,
    string? HostColumn = null)
{
    public IReadOnlySet<VmFault> FaultSet => Faults ?? new HashSet<VmFault>();

    public bool Has(VmFault fault) => FaultSet.Contains(fault);

    /// <summary>The memory a backend gives the VM: <see cref="MemoryMb"/>, capped at 3 GiB under <see cref="VmFault.MemoryAtMost3Gib"/>.</summary>
    public int EffectiveMemoryMb => Has(VmFault.MemoryAtMost3Gib) ? Math.Min(MemoryMb, 3072) : MemoryMb;
}
