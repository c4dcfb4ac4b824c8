using System.Security.Cryptography;

namespace HvCert.Transport.Ssh;

/// <summary>OpenSSH-style SHA256 fingerprints (<c>SHA256:</c> + unpadded base64 of the key blob).</summary>
public static class HostKeyFingerprint
{
    /// <summary>Fingerprint of a public key line such as <c>ssh-ed25519 AAAAC3... comment</c>.</summary>
    public static string FromPublicKeyLine(string publicKeyLine)
    {
        var parts = publicKeyLine.Trim().Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length < 2)
        {
            throw new FormatException("not an OpenSSH public key line (expected '<type> <base64> [comment]')");
        }

        return FromBlob(Convert.FromBase64String(parts[1]));
    }

    public static string FromBlob(ReadOnlySpan<byte> keyBlob) => "SHA256:" + Convert.ToBase64String(SHA256.HashData(keyBlob)).TrimEnd('=');

    /// <summary>Normalises a fingerprint given with or without the <c>SHA256:</c> prefix.</summary>
    public static string Normalize(string fingerprint) =>
        fingerprint.StartsWith("SHA256:", StringComparison.Ordinal) ? fingerprint : "SHA256:" + fingerprint.TrimEnd('=');
}
