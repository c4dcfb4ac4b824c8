using System.IO.Compression;
using System.Text;

namespace HvCert.HyperV.Templates;

/// <summary>
/// Lists the file names in an initramfs: one or more concatenated cpio "newc" archives (an early microcode archive is
/// usually uncompressed), the last usually compressed (gzip read here; zstd, xz, lz4, bzip2 through their own tools).
/// </summary>
internal static class InitramfsListing
{
    private const int MaxNames = 200_000;

    public static async Task<IReadOnlyList<string>> ListAsync(string initrdPath, CancellationToken ct)
    {
        var names = new List<string>();
        await ListAsync(await File.ReadAllBytesAsync(initrdPath, ct), names, depth: 0, ct);
        return names;
    }

    private static async Task ListAsync(byte[] data, List<string> names, int depth, CancellationToken ct)
    {
        var pos = 0;
        while (pos < data.Length && depth < 4)
        {
            while (pos < data.Length && data[pos] == 0)
            {
                pos++; // padding between archives
            }

            if (pos >= data.Length)
            {
                return;
            }

            if (Magic(data, pos, "070701"u8) || Magic(data, pos, "070702"u8))
            {
                pos = ReadNewc(data, pos, names);
                continue;
            }

            var rest = data.AsMemory(pos);
            await ListAsync(await DecompressAsync(rest, ct), names, depth + 1, ct);
            return;
        }
    }

    /// <summary>Reads one newc archive from <paramref name="pos"/> up to its TRAILER!!!; returns the position after it.</summary>
    private static int ReadNewc(byte[] data, int pos, List<string> names)
    {
        while (pos + 110 <= data.Length && names.Count < MaxNames)
        {
            if (!Magic(data, pos, "070701"u8) && !Magic(data, pos, "070702"u8))
            {
                throw new InvalidDataException($"bad cpio header at byte {pos}");
            }

            var fileSize = Hex(data, pos + 54);
            var nameSize = Hex(data, pos + 94);
            var nameStart = pos + 110;
            if (nameSize <= 0 || nameStart + nameSize > data.Length)
            {
                throw new InvalidDataException($"bad cpio name at byte {pos}");
            }

            var name = Encoding.UTF8.GetString(data, nameStart, nameSize - 1);
            var dataStart = Align4(nameStart + nameSize);
            pos = Align4(dataStart + fileSize);
            if (name == "TRAILER!!!")
            {
                return pos;
            }

            names.Add(name);
        }

        return data.Length;
    }

    private static async Task<byte[]> DecompressAsync(ReadOnlyMemory<byte> data, CancellationToken ct)
    {
        if (data.Length >= 2 && data.Span[0] == 0x1f && data.Span[1] == 0x8b)
        {
            await using var gz = new GZipStream(new MemoryStream(data.ToArray()), CompressionMode.Decompress);
            using var output = new MemoryStream();
            await gz.CopyToAsync(output, ct);
            return output.ToArray();
        }

        var (tool, package) = Compressor(data.Span);
        var temp = Path.GetTempFileName();
        try
        {
            await File.WriteAllBytesAsync(temp, data.ToArray(), ct);
            var r = await TemplateTool.RunAsync(tool, ["-dc", temp], ct, TimeSpan.FromMinutes(2), package: package);
            // zstd/xz complain about trailing garbage (padding) yet still write everything before it.
            if (r.Stdout.Length == 0)
            {
                throw new InvalidDataException($"{tool} could not decompress the initramfs: {r.Stderr.Trim()}");
            }

            return r.Stdout;
        }
        finally
        {
            File.Delete(temp);
        }
    }

    private static (string Tool, string Package) Compressor(ReadOnlySpan<byte> s) => s switch
    {
        _ when s.StartsWith((ReadOnlySpan<byte>)[0x28, 0xb5, 0x2f, 0xfd]) => ("zstd", "zstd"),
        _ when s.StartsWith((ReadOnlySpan<byte>)[0xfd, 0x37, 0x7a, 0x58, 0x5a]) => ("xz", "xz-utils"),
        _ when s.StartsWith((ReadOnlySpan<byte>)[0x02, 0x21, 0x4c, 0x18]) => ("lz4", "lz4"),
        _ when s.StartsWith("BZh"u8) => ("bzip2", "bzip2"),
        _ => throw new InvalidDataException("the initramfs is neither a cpio archive nor gzip/zstd/xz/lz4/bzip2 compressed"),
    };

    private static bool Magic(byte[] data, int pos, ReadOnlySpan<byte> magic) =>
        pos + magic.Length <= data.Length && data.AsSpan(pos, magic.Length).SequenceEqual(magic);

    private static int Hex(byte[] data, int pos) => Convert.ToInt32(Encoding.ASCII.GetString(data, pos, 8), 16);

    private static int Align4(int value) => (value + 3) & ~3;
}
