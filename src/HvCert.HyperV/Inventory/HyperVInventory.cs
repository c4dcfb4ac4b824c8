using HvCert.Catalog;

namespace HvCert.HyperV.Inventory;

/// <summary>How hvcert authenticates to a host. Passwords never live in the inventory file.</summary>
/// <param name="User">Account for WinRM/DCOM; null means the current Windows identity (Kerberos/NTLM).</param>
/// <param name="PasswordEnv">Environment variable holding the password.</param>
/// <param name="WindowsCredential">Target name of a Generic credential in Windows Credential Manager.</param>
public sealed record HostCredentials(string? User, string? PasswordEnv, string? WindowsCredential)
{
    public static HostCredentials CurrentUser { get; } = new(null, null, null);

    public bool IsCurrentUser => User is null && WindowsCredential is null;
}

/// <summary>Where the backend keeps per-VM files: the folder as the Hyper-V host sees it, and as hvcert reaches it.</summary>
/// <param name="HostPath">e.g. <c>D:\hvcert</c>: used in WMI paths (VHDX, ISO, CopyFilesToGuest source).</param>
/// <param name="Share">e.g. <c>\\hv1\hvcert</c>: how hvcert writes and deletes those files; equals HostPath for a local host.</param>
public sealed record HostStorage(string HostPath, string Share);

/// <summary>One Hyper-V host.</summary>
/// <param name="Version">The Windows Server release the inventory says the host runs: the matrix column it serves. At run time the
/// host's own report (Win32_OperatingSystem build) must agree, or its column's cells are an infrastructure error naming it.</param>
/// <param name="Ssh">How to reach the host when <paramref name="Protocol"/> is <c>ssh</c> (from Linux); null otherwise.</param>
public sealed record HyperVHost(string Name, string Address, string Protocol, HostCredentials Credentials, HostStorage Storage, HostVersion? Version,
    HostSsh? Ssh = null)
{
    public bool IsLocal => Address is "." or "localhost" or "127.0.0.1";
}

/// <summary>A peer the user runs on a VLAN, so VLAN probes have something to ping.</summary>
public sealed record VlanPeer(string PeerIp, string GuestIp, int Prefix, string Mode, int? NativeVlanId);

/// <summary>Everything the Hyper-V backend needs to know about the lab (matrices/hyperv-inventory.example.yaml).</summary>
public sealed record HyperVInventory(
    string SourceFile,
    HyperVHost Host,
    HyperVHost? SecondHost,
    bool SharedStorage,
    string Switch,
    IReadOnlyDictionary<string, IReadOnlyDictionary<Generation, string>> Templates,
    string SshUser,
    bool DynamicMemory,
    string? San,
    IReadOnlyList<string> DdaPool,
    string? SrIovSwitch,
    VlanPeer? Vlan,
    int? LowMmioGapMb,
    int? HighMmioGapMb,
    (int Width, int Height)? VideoResolution)
{
    /// <summary>Hosts after the first in the inventory's <c>hosts:</c> list: each serves the matrix column of its <c>version:</c>.</summary>
    public IReadOnlyList<HyperVHost> OtherHosts { get; init; } = [];

    /// <summary>The hosts that run matrix columns: <see cref="Host"/> first, then <see cref="OtherHosts"/>.</summary>
    public IReadOnlyList<HyperVHost> ColumnHosts => [Host, .. OtherHosts];

    /// <summary>Every host hvcert may create something on: the column hosts and the live-migration destination.</summary>
    public IReadOnlyList<HyperVHost> AllHosts => SecondHost is null ? ColumnHosts : [.. ColumnHosts, SecondHost];

    /// <summary>Defaults used by <c>hvcert plan</c> when no inventory is given: one local host, no optional hardware.</summary>
    public static HyperVInventory Default { get; } = new(
        "(defaults)",
        new HyperVHost("localhost", "localhost", "dcom", HostCredentials.CurrentUser, new HostStorage(@"C:\hvcert", @"C:\hvcert"), null),
        null, false, "hvcert", new Dictionary<string, IReadOnlyDictionary<Generation, string>>(), "hvcert",
        true, null, [], null, null, null, null, null);

    /// <summary>The template VHDX for an image reference: a path ending in .vhdx is used as is, anything else is looked up by target id.</summary>
    public string? TemplateFor(string image, Generation generation)
    {
        if (image.EndsWith(".vhdx", StringComparison.OrdinalIgnoreCase) || image.EndsWith(".vhd", StringComparison.OrdinalIgnoreCase))
        {
            return image;
        }

        return Templates.TryGetValue(image, out var byGen) && byGen.TryGetValue(generation, out var path) ? path : null;
    }
}
