using System.Security.Cryptography;

namespace HvCert.Tests.HyperV.Twin.Guests;

/// <summary>
/// What the twin's host did to one VM, as its guest feels it. The host side (the twin, or a test's facet fakes) writes these;
/// the scripted guest reads them when it answers, so a resize shows the new size, a KVP add shows the item, a memory change
/// moves MemTotal, an NMI shows up in the kernel log. A guest never learns anything the host did not do.
/// </summary>
internal sealed class GuestWorld
{
    public int Generation { get; set; } = 2;

    public int Cpus { get; set; } = 2;

    public long MemoryMb { get; set; } = 1024;

    public long DataDiskBytes { get; set; } = 1L << 30;

    /// <summary>Items the host added to the guest's external KVP pool (pool 0).</summary>
    public Dictionary<string, string> HostKvpItems { get; } = new(StringComparer.Ordinal);

    /// <summary>Files the host copied in over Guest Services: guest path → bytes.</summary>
    public Dictionary<string, byte[]> CopiedFiles { get; } = new(StringComparer.Ordinal);

    public int NmisInjected { get; set; }

    /// <summary>Set once the host live-migrated the VM (the guest keeps running: same boot).</summary>
    public int Migrations { get; set; }

    public List<string> InjectedAddresses { get; } = [];

    public string? CopiedSha256(string path) =>
        CopiedFiles.TryGetValue(path, out var bytes) ? Convert.ToHexStringLower(SHA256.HashData(bytes)) : null;
}
