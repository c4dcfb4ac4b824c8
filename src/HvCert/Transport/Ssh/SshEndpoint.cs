namespace HvCert.Transport.Ssh;

/// <summary>
/// Where and how to reach one guest over SSH. Holds the private key's path, never its content, so the record
/// can be printed or logged safely. <paramref name="HostKeySha256"/> is the pinned host key fingerprint
/// (<c>SHA256:...</c> as <c>ssh-keygen -l</c> prints it); any other key is refused.
/// </summary>
public sealed record SshEndpoint(string Host, int Port, string User, string PrivateKeyPath, string HostKeySha256)
{
    public override string ToString() => $"{User}@{Host}:{Port} (host key {HostKeySha256})";
}
