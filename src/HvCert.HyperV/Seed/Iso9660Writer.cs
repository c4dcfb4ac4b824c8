using System.Buffers.Binary;
using System.Text;

namespace HvCert.HyperV.Seed;

/// <summary>
/// A minimal ECMA-119 (ISO 9660) image writer with a Joliet supplementary descriptor, enough for a cloud-init NoCloud seed:
/// one root directory, a few small files. Joliet carries the real names (<c>meta-data</c>); the primary tree carries
/// 8.3 d-character names. Layout: 16 empty sectors, PVD, Joliet SVD, terminator, 4 path tables, 2 root directories, file data.
/// </summary>
internal static class Iso9660Writer
{
    private const int Sector = 2048;

    public static byte[] Build(string volumeId, IReadOnlyList<(string Name, byte[] Content)> files)
    {
        var sorted = files.OrderBy(f => f.Name, StringComparer.Ordinal).ToList();
        const int pvdLba = 16, svdLba = 17, termLba = 18, lPathP = 19, mPathP = 20, lPathJ = 21, mPathJ = 22, rootP = 23, rootJ = 24;
        var fileLba = new int[sorted.Count];
        var next = 25;
        for (var i = 0; i < sorted.Count; i++)
        {
            fileLba[i] = next;
            next += Math.Max(1, (sorted[i].Content.Length + Sector - 1) / Sector);
        }

        var image = new byte[next * Sector];
        var primaryNames = sorted.Select(f => Encoding.ASCII.GetBytes(PrimaryName(f.Name) + ";1")).ToList();
        var jolietNames = sorted.Select(f => Encoding.BigEndianUnicode.GetBytes(f.Name)).ToList();

        WriteDirectory(image.AsSpan(rootP * Sector, Sector), rootP, sorted, fileLba, primaryNames);
        WriteDirectory(image.AsSpan(rootJ * Sector, Sector), rootJ, sorted, fileLba, jolietNames);
        WritePathTable(image.AsSpan(lPathP * Sector), rootP, littleEndian: true);
        WritePathTable(image.AsSpan(mPathP * Sector), rootP, littleEndian: false);
        WritePathTable(image.AsSpan(lPathJ * Sector), rootJ, littleEndian: true);
        WritePathTable(image.AsSpan(mPathJ * Sector), rootJ, littleEndian: false);
        WriteDescriptor(image.AsSpan(pvdLba * Sector, Sector), 1, volumeId.ToUpperInvariant(), next, lPathP, mPathP, rootP, joliet: false);
        WriteDescriptor(image.AsSpan(svdLba * Sector, Sector), 2, volumeId.ToLowerInvariant(), next, lPathJ, mPathJ, rootJ, joliet: true);
        var term = image.AsSpan(termLba * Sector, Sector);
        term[0] = 255;
        Encoding.ASCII.GetBytes("CD001").CopyTo(term[1..]);
        term[6] = 1;

        for (var i = 0; i < sorted.Count; i++)
        {
            sorted[i].Content.CopyTo(image.AsSpan(fileLba[i] * Sector));
        }

        return image;
    }

    /// <summary>ISO 9660 level 1 name: upper-case d-characters, 8.3.</summary>
    public static string PrimaryName(string name)
    {
        var clean = new string(name.ToUpperInvariant().Select(c => char.IsAsciiLetterOrDigit(c) ? c : '_').ToArray());
        return (clean.Length > 8 ? clean[..8] : clean) + ".";
    }

    private static void WriteDescriptor(Span<byte> d, byte type, string volumeId, int totalSectors, int lPath, int mPath, int rootLba, bool joliet)
    {
        d[0] = type;
        Encoding.ASCII.GetBytes("CD001").CopyTo(d[1..]);
        d[6] = 1;
        Text(d.Slice(8, 32), "", joliet);
        Text(d.Slice(40, 32), volumeId, joliet);
        Both32(d[80..], totalSectors);
        if (joliet)
        {
            Encoding.ASCII.GetBytes("%/E").CopyTo(d[88..]); // UCS-2 level 3
        }

        Both16(d[120..], 1);
        Both16(d[124..], 1);
        Both16(d[128..], Sector);
        Both32(d[132..], 10);
        BinaryPrimitives.WriteInt32LittleEndian(d[140..], lPath);
        BinaryPrimitives.WriteInt32BigEndian(d[148..], mPath);
        DirectoryRecord(d.Slice(156, 34), rootLba, Sector, directory: true, [0]);
        Text(d.Slice(190, 128), "", joliet);
        Text(d.Slice(318, 128), "", joliet);
        Text(d.Slice(446, 128), "", joliet);
        Text(d.Slice(574, 128), "HVCERT", joliet);
        Text(d.Slice(702, 37), "", joliet);
        Text(d.Slice(739, 37), "", joliet);
        Text(d.Slice(776, 37), "", joliet);
        for (var field = 813; field <= 864; field += 17)
        {
            "0000000000000000"u8.CopyTo(d[field..]);
        }

        d[881] = 1;
    }

    private static void WriteDirectory(Span<byte> dir, int selfLba, List<(string Name, byte[] Content)> files, int[] lbas, List<byte[]> names)
    {
        var offset = DirectoryRecord(dir, selfLba, Sector, directory: true, [0]);
        offset += DirectoryRecord(dir[offset..], selfLba, Sector, directory: true, [1]);
        for (var i = 0; i < files.Count; i++)
        {
            offset += DirectoryRecord(dir[offset..], lbas[i], files[i].Content.Length, directory: false, names[i]);
        }
    }

    private static int DirectoryRecord(Span<byte> r, int lba, int size, bool directory, byte[] name)
    {
        var length = 33 + name.Length + (name.Length % 2 == 0 ? 1 : 0);
        r[0] = (byte)length;
        Both32(r[2..], lba);
        Both32(r[10..], size);
        r[18] = 126; // recording date: 2026-01-01 00:00:00 UTC, fixed so images are reproducible
        r[19] = 1;
        r[20] = 1;
        r[25] = directory ? (byte)2 : (byte)0;
        Both16(r[28..], 1);
        r[32] = (byte)name.Length;
        name.CopyTo(r[33..]);
        return length;
    }

    private static void WritePathTable(Span<byte> t, int rootLba, bool littleEndian)
    {
        t[0] = 1;
        if (littleEndian)
        {
            BinaryPrimitives.WriteInt32LittleEndian(t[2..], rootLba);
            BinaryPrimitives.WriteInt16LittleEndian(t[6..], 1);
        }
        else
        {
            BinaryPrimitives.WriteInt32BigEndian(t[2..], rootLba);
            BinaryPrimitives.WriteInt16BigEndian(t[6..], 1);
        }
    }

    private static void Text(Span<byte> field, string value, bool joliet)
    {
        if (joliet)
        {
            for (var i = 0; i + 1 < field.Length; i += 2)
            {
                field[i] = 0;
                field[i + 1] = (byte)' ';
            }

            Encoding.BigEndianUnicode.GetBytes(value).AsSpan(0, Math.Min(value.Length * 2, field.Length & ~1)).CopyTo(field);
        }
        else
        {
            field.Fill((byte)' ');
            Encoding.ASCII.GetBytes(value).AsSpan(0, Math.Min(value.Length, field.Length)).CopyTo(field);
        }
    }

    private static void Both16(Span<byte> s, int v)
    {
        BinaryPrimitives.WriteInt16LittleEndian(s, (short)v);
        BinaryPrimitives.WriteInt16BigEndian(s[2..], (short)v);
    }

    private static void Both32(Span<byte> s, int v)
    {
        BinaryPrimitives.WriteInt32LittleEndian(s, v);
        BinaryPrimitives.WriteInt32BigEndian(s[4..], v);
    }
}
