using System.Buffers.Binary;
using System.Text;

namespace HvCert.HyperV.Templates;

/// <summary>
/// What a PE/COFF (EFI) binary says about its Authenticode signature: whether its certificate table (data directory 4) is
/// non-empty, and whether the embedded PKCS#7 names Microsoft's third-party UEFI CA, which signs shim and which Hyper-V's
/// "Microsoft UEFI Certificate Authority" Secure Boot template trusts. The signature is not verified cryptographically.
/// </summary>
internal sealed record PeSignature(bool IsPe, bool Signed, bool MicrosoftUefiCa)
{
    private static readonly byte[] UefiCaName = Encoding.ASCII.GetBytes("Microsoft Corporation UEFI CA 2011");

    public static PeSignature Read(byte[] file)
    {
        if (file.Length < 0x40 || file[0] != (byte)'M' || file[1] != (byte)'Z')
        {
            return new PeSignature(false, false, false);
        }

        var pe = BinaryPrimitives.ReadInt32LittleEndian(file.AsSpan(0x3c));
        if (pe < 0 || pe + 24 + 2 > file.Length || Encoding.ASCII.GetString(file, pe, 4) != "PE\0\0")
        {
            return new PeSignature(false, false, false);
        }

        var optional = pe + 24;
        var magic = BinaryPrimitives.ReadUInt16LittleEndian(file.AsSpan(optional));
        var directories = optional + (magic == 0x20b ? 112 : 96);
        var certEntry = directories + (4 * 8);
        if (certEntry + 8 > file.Length)
        {
            return new PeSignature(true, false, false);
        }

        var certOffset = BinaryPrimitives.ReadUInt32LittleEndian(file.AsSpan(certEntry));
        var certSize = BinaryPrimitives.ReadUInt32LittleEndian(file.AsSpan(certEntry + 4));
        var signed = certSize > 8 && certOffset > 0 && certOffset + (long)certSize <= file.Length;
        var ca = signed && file.AsSpan((int)certOffset, (int)certSize).IndexOf(UefiCaName) >= 0;
        return new PeSignature(true, signed, ca);
    }
}
