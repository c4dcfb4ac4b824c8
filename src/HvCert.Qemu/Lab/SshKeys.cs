namespace HvCert.Qemu.Lab;

/// <summary>
/// Per-run client key and per-VM host keys, made with ssh-keygen (ed25519, no passphrase, mode 0600) inside the run
/// folder, which is deleted at the end of the run. Key material is never read into a log or a report; the host key's
/// fingerprint is what gets pinned and shown.
/// </summary>
internal static class SshKeys
{
    public static async Task GenerateAsync(string privateKeyPath, string comment, CancellationToken cancellationToken)
    {
        File.Delete(privateKeyPath);
        File.Delete(privateKeyPath + ".pub");
        await HostCommand.RunCheckedAsync("ssh-keygen", ["-q", "-t", "ed25519", "-N", "", "-C", comment, "-f", privateKeyPath], cancellationToken);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(privateKeyPath, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        // Should a guest ever print this key (or a line of it), evidence and reports show "[redacted: run SSH key]".
        HvCert.Evidence.Redaction.Register(File.ReadAllText(privateKeyPath), "run SSH key");
    }

    public static string Fingerprint(string privateKeyPath) =>
        HvCert.Transport.Ssh.HostKeyFingerprint.FromPublicKeyLine(File.ReadAllText(privateKeyPath + ".pub"));
}
