namespace HvCert.HyperV.Inventory;

/// <summary>
/// The inventory's <c>host.ssh:</c> block: key authentication only (the key is a file path, never its content), the host key
/// pinned by its SHA256 fingerprint, and which PowerShell runs the fixed server script.
/// </summary>
/// <param name="KeyPath">Private key file, resolved against the inventory's folder.</param>
/// <param name="HostKeySha256">Pinned host key fingerprint as <c>ssh-keygen -lf</c> prints it (<c>SHA256:...</c>).</param>
/// <param name="Shell"><c>pwsh</c> (PowerShell 7) or <c>powershell</c> (Windows PowerShell 5.1): a choice, never a command text.</param>
/// <param name="CallTimeout">How long one gateway call may take before it is cut and the session reopened.</param>
/// <param name="StartTimeout">How long PowerShell may take to start and answer the server script's greeting (ssh.start_timeout_seconds);
/// null: the call timeout, at least 60 s. Separate from the call timeout because a cold PowerShell start on a busy host takes far
/// longer than a CIM call should.</param>
public sealed record HostSsh(string User, string KeyPath, string HostKeySha256, int Port, string Shell, TimeSpan CallTimeout, TimeSpan? StartTimeout = null)
{
    public static readonly string[] Shells = ["pwsh", "powershell"];

    private static readonly TimeSpan MinStartTimeout = TimeSpan.FromSeconds(60);

    /// <summary>The start-up bound in force: <see cref="StartTimeout"/>, else the call timeout but never under 60 s.</summary>
    public TimeSpan EffectiveStartTimeout => StartTimeout ?? (CallTimeout > MinStartTimeout ? CallTimeout : MinStartTimeout);
}
