using HvCert.Transport.Ssh;

namespace HvCert.Tests.Transport;

public sealed class HostKeyFingerprintTests
{
    // Generated with ssh-keygen -t ed25519; fingerprint as printed by `ssh-keygen -lf`.
    private const string PublicKey = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIM2LCaC+kp19vzYc6I/H1bpEfJPKOZ2wyCjzYJBmbXjW x";
    private const string Expected = "SHA256:hQKvFz2zXnRn1VT9R3B+CqYMcaH4yFuADpABumPphz8";

    [Fact]
    public void FromPublicKeyLine_Ed25519Key_MatchesSshKeygen() =>
        Assert.Equal(Expected, HostKeyFingerprint.FromPublicKeyLine(PublicKey));

    [Theory]
    [InlineData("hQKvFz2zXnRn1VT9R3B+CqYMcaH4yFuADpABumPphz8")]
    [InlineData("SHA256:hQKvFz2zXnRn1VT9R3B+CqYMcaH4yFuADpABumPphz8")]
    public void Normalize_WithOrWithoutPrefix_GivesPrefixedForm(string given) =>
        Assert.Equal(Expected, HostKeyFingerprint.Normalize(given));

    [Fact]
    public void FromPublicKeyLine_NotAKeyLine_Throws() =>
        Assert.Throws<FormatException>(() => HostKeyFingerprint.FromPublicKeyLine("garbage"));

    [Fact]
    public void SshEndpointToString_ShowsFingerprintNotKeyPath() =>
        Assert.Equal("root@127.0.0.1:2222 (host key SHA256:abc)", new SshEndpoint("127.0.0.1", 2222, "root", "/tmp/key", "SHA256:abc").ToString());
}
