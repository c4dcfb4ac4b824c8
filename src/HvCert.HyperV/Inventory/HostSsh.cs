namespace HvCert.HyperV.Inventory;

/// <summary>
/// The inventory's <c>host.ssh:</c> block: key authentication only (the key is a file path, never its content), the host key
/// pinned by its SHA256 fingerprint, and which PowerShell runs the fixed server script.
/// </summary>
/// <param name="KeyPath">Private key file, resolved against the inventory's folder.</param>
/// <param name="HostKeySha256">Pinned host key fingerprint as <c>ssh-keygen -lf</c> prints it (<c>SHA256:...</c>).</param>
/// <param name="Shell"><c>pwsh</c> (PowerShell 7) or <c>powershell</c> (Windows PowerShell 5.1): a choice, never a command text.</param>
/// <param name="CallTimeout">How long one gateway call may take before it is cut and the session reopened.</param>
public sealed record HostSsh(string User, string KeyPath, string HostKeySha256, int Port, string Shell, TimeSpan CallTimeout)
{
    public static readonly string[] Shells = ["pwsh", "powershell"];
}
