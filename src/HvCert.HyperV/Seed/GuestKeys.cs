using System.Security.Cryptography;
using System.Text;

namespace HvCert.HyperV.Seed;

/// <summary>
/// Per-VM keys: a client RSA key hvcert logs in with, and an ECDSA P-256 host key the guest must present (pinned).
/// Both go to the guest through the NoCloud seed; the private client key stays in a local 0600 temp file.
/// </summary>
internal sealed record GuestKeys(string ClientPrivatePem, string ClientPublicLine, string HostPrivatePem, string HostPublicLine, string HostKeySha256)
{
    public static GuestKeys Create(string comment)
    {
        using var rsa = RSA.Create(2048);
        var p = rsa.ExportParameters(false);
        var clientBlob = Blob(w => { w.Text("ssh-rsa"); w.MpInt(p.Exponent!); w.MpInt(p.Modulus!); });

        using var ecdsa = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var q = ecdsa.ExportParameters(false).Q;
        var point = new byte[65];
        point[0] = 4;
        q.X!.CopyTo(point, 1);
        q.Y!.CopyTo(point, 33);
        var hostBlob = Blob(w => { w.Text("ecdsa-sha2-nistp256"); w.Text("nistp256"); w.Bytes(point); });

        return new GuestKeys(
            rsa.ExportRSAPrivateKeyPem(),
            $"ssh-rsa {Convert.ToBase64String(clientBlob)} {comment}",
            ecdsa.ExportECPrivateKeyPem(),
            $"ecdsa-sha2-nistp256 {Convert.ToBase64String(hostBlob)}",
            "SHA256:" + Convert.ToBase64String(SHA256.HashData(hostBlob)).TrimEnd('='));
    }

    /// <summary>Never print key material.</summary>
    public override string ToString() => $"GuestKeys(host key {HostKeySha256})";

    private static byte[] Blob(Action<SshWriter> write)
    {
        var w = new SshWriter();
        write(w);
        return w.ToArray();
    }

    private sealed class SshWriter
    {
        private readonly List<byte> stream = [];

        public void Text(string s) => Bytes(Encoding.ASCII.GetBytes(s));

        public void Bytes(byte[] data)
        {
            var len = new byte[4];
            System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(len, data.Length);
            stream.AddRange(len);
            stream.AddRange(data);
        }

        // RFC 4251 mpint: big-endian, with a leading zero when the top bit is set.
        public void MpInt(byte[] unsigned)
        {
            var trimmed = unsigned.SkipWhile(b => b == 0).ToArray();
            Bytes(trimmed.Length > 0 && trimmed[0] >= 0x80 ? [0, .. trimmed] : trimmed);
        }

        public byte[] ToArray() => stream.ToArray();
    }
}
