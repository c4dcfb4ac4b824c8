using System.Buffers.Binary;

namespace HvCert.HyperV.Templates;

/// <summary>What a partition is for, from its MBR type byte or GPT type GUID.</summary>
internal enum PartitionKind
{
    Other,
    Esp,
    Linux,
    BiosBoot,
}

/// <param name="Number">1-based, as Linux numbers them (sda1); 0 for a whole-disk file system without a partition table.</param>
internal sealed record Partition(int Number, long Offset, long Size, PartitionKind Kind, string Type);

/// <summary>Reads an MBR (dos) or GPT partition table from the first sectors of a raw disk; no tool, no root.</summary>
internal static class PartitionTable
{
    private const int Sector = 512;
    private static readonly Guid EspType = new("C12A7328-F81F-11D2-BA4B-00A0C93EC93B");
    private static readonly Guid BiosBootType = new("21686148-6449-6E6F-744E-656564454649");
    private static readonly Guid[] LinuxTypes =
    [
        new("0FC63DAF-8483-4772-8E79-3D69D8477DE4"), // Linux file system data
        new("4F68BCE3-E8CD-4DB1-96E7-FBCAF984B709"), // Linux root (x86-64), discoverable partitions
        new("BC13C2FF-59E6-4262-A352-B275FD6F7172"), // Linux extended boot (/boot, XBOOTLDR)
    ];

    /// <summary>The partitions, or null when the disk has neither a partition table nor a file system at offset 0.</summary>
    /// <param name="disk">A readable, seekable raw disk.</param>
    public static IReadOnlyList<Partition>? Read(Stream disk)
    {
        var head = new byte[34 * Sector];
        disk.Position = 0;
        var read = disk.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
        if (read < 2 * Sector)
        {
            return null;
        }

        if (read >= 1080 + 2 && BinaryPrimitives.ReadUInt16LittleEndian(head.AsSpan(1080)) == 0xEF53)
        {
            return [new Partition(0, 0, disk.Length, PartitionKind.Linux, "whole-disk ext2/3/4")];
        }

        if (head[510] != 0x55 || head[511] != 0xAA)
        {
            return null;
        }

        var mbr = Enumerable.Range(0, 4)
            .Select(i => head.AsSpan(446 + (i * 16), 16).ToArray())
            .Select((e, i) => (Number: i + 1, Type: e[4], Start: (long)BinaryPrimitives.ReadUInt32LittleEndian(e.AsSpan(8)), Count: (long)BinaryPrimitives.ReadUInt32LittleEndian(e.AsSpan(12))))
            .Where(e => e.Type != 0 && e.Count > 0)
            .ToList();
        if (mbr.Any(e => e.Type == 0xEE))
        {
            return ReadGpt(disk);
        }

        return mbr.Select(e => new Partition(e.Number, e.Start * Sector, e.Count * Sector, e.Type switch
        {
            0xEF => PartitionKind.Esp,
            0x83 => PartitionKind.Linux,
            _ => PartitionKind.Other,
        }, $"mbr 0x{e.Type:x2}")).ToList();
    }

    private static IReadOnlyList<Partition>? ReadGpt(Stream disk)
    {
        var header = new byte[Sector];
        disk.Position = Sector;
        if (disk.ReadAtLeast(header, Sector, throwOnEndOfStream: false) < Sector || System.Text.Encoding.ASCII.GetString(header, 0, 8) != "EFI PART")
        {
            return null;
        }

        var entriesLba = BinaryPrimitives.ReadInt64LittleEndian(header.AsSpan(72));
        var count = Math.Min(BinaryPrimitives.ReadUInt32LittleEndian(header.AsSpan(80)), 1024u);
        var size = BinaryPrimitives.ReadUInt32LittleEndian(header.AsSpan(84));
        if (size < 128 || size > 4096 || entriesLba < 2)
        {
            return null;
        }

        var table = new byte[count * size];
        disk.Position = entriesLba * Sector;
        disk.ReadAtLeast(table, table.Length, throwOnEndOfStream: false);
        var partitions = new List<Partition>();
        for (var i = 0; i < count; i++)
        {
            var e = table.AsSpan((int)(i * size), (int)size);
            var type = new Guid(e[..16]);
            if (type == Guid.Empty)
            {
                continue;
            }

            var first = BinaryPrimitives.ReadInt64LittleEndian(e[32..]);
            var last = BinaryPrimitives.ReadInt64LittleEndian(e[40..]);
            var kind = type == EspType ? PartitionKind.Esp : type == BiosBootType ? PartitionKind.BiosBoot
                : LinuxTypes.Contains(type) ? PartitionKind.Linux : PartitionKind.Other;
            partitions.Add(new Partition(i + 1, first * Sector, (last - first + 1) * Sector, kind, $"gpt {type}"));
        }

        return partitions;
    }
}
