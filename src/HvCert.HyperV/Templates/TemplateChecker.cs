using System.Buffers.Binary;
using System.Text.Json;

namespace HvCert.HyperV.Templates;

/// <summary>
/// <c>hvcert template check IMAGE</c>: offline, nothing mounted, no root. The image (qcow2, VHDX, VHD, raw…) is converted
/// to a sparse raw file in the work folder with <c>qemu-img convert</c>; the partition table is read here, the ext4 root
/// with debugfs, the ESP with mtools, the initramfs as cpio. Each requirement of a Hyper-V template is then checked.
/// </summary>
internal static class TemplateChecker
{
    public static async Task<TemplateReport> CheckAsync(string image, string workDir, CancellationToken ct)
    {
        if (!File.Exists(image))
        {
            throw new TemplateInputException($"{image}: no such file");
        }

        var info = await TemplateTool.RunAsync("qemu-img", ["info", "--output=json", image], ct, package: "qemu-utils");
        if (info.ExitCode != 0)
        {
            throw new TemplateInputException($"{image}: not a disk image qemu-img can read: {info.Stderr.Trim()}");
        }

        using var json = JsonDocument.Parse(info.Stdout);
        var format = json.RootElement.GetProperty("format").GetString() ?? "raw";
        var virtualBytes = json.RootElement.TryGetProperty("virtual-size", out var vs) ? vs.GetInt64() : 0;
        var raw = Path.GetFullPath(image);
        if (format != "raw")
        {
            Directory.CreateDirectory(workDir);
            raw = Path.Combine(workDir, "disk.raw");
            var convert = await TemplateTool.RunAsync("qemu-img", ["convert", "-f", format, "-O", "raw", image, raw], ct, TimeSpan.FromMinutes(30), package: "qemu-utils");
            if (convert.ExitCode != 0)
            {
                throw new TemplateToolException($"qemu-img could not convert {image} ({format}) to raw: {convert.Stderr.Trim()}");
            }
        }

        IReadOnlyList<Partition> partitions;
        byte[] mbr = new byte[512];
        await using (var disk = File.OpenRead(raw))
        {
            partitions = PartitionTable.Read(disk) ?? throw new TemplateInputException(
                $"{image}: not a disk image ({format}): no MBR or GPT partition table and no file system at its start");
            disk.Position = 0;
            await disk.ReadAtLeastAsync(mbr, mbr.Length, throwOnEndOfStream: false, ct);
            var ext = new List<(Partition P, Ext4Volume V)>();
            foreach (var p in partitions.Where(p => p.Kind is not PartitionKind.Esp and not PartitionKind.BiosBoot))
            {
                if (await HasExtMagicAsync(disk, p, ct))
                {
                    ext.Add((p, new Ext4Volume(raw, p.Offset, ct)));
                }
            }

            var root = await FirstAsync(ext, v => v.ExistsAsync("/etc/os-release"))
                ?? throw new TemplateInputException($"{image}: no Linux root file system found (looked for an ext2/3/4 file system with "
                    + $"/etc/os-release on {Describe(partitions)}); the check reads ext4 roots only");
            var boot = await FirstAsync(ext, v => HasKernelAsync(v, root == v ? "/boot" : "/")) is { } b ? (b, b == root ? "/boot" : "/") : (root, "/boot");
            var espPartition = partitions.FirstOrDefault(p => p.Kind == PartitionKind.Esp);
            var esp = espPartition is null ? null : new EspVolume(raw, espPartition.Offset, ct);
            var checks = new TemplateRequirements(root, boot.Item1, boot.Item2, esp, mbr, partitions, workDir, ct);
            var requirements = await checks.AllAsync();
            var layout = $"{Describe(partitions)}; root on partition {ext.First(e => e.V == root).P.Number}"
                + (espPartition is null ? ", no ESP" : $", ESP on partition {espPartition.Number}");
            return new TemplateReport(image, format, virtualBytes, layout, await OsNameAsync(root), checks.Kernel, requirements);
        }
    }

    private static async Task<bool> HasExtMagicAsync(FileStream disk, Partition p, CancellationToken ct)
    {
        var buffer = new byte[2];
        disk.Position = p.Offset + 1080;
        return await disk.ReadAtLeastAsync(buffer, 2, throwOnEndOfStream: false, ct) == 2 && BinaryPrimitives.ReadUInt16LittleEndian(buffer) == 0xEF53;
    }

    private static async Task<Ext4Volume?> FirstAsync(List<(Partition P, Ext4Volume V)> volumes, Func<Ext4Volume, Task<bool>> test)
    {
        foreach (var (_, v) in volumes)
        {
            if (await test(v))
            {
                return v;
            }
        }

        return null;
    }

    private static async Task<bool> HasKernelAsync(Ext4Volume v, string dir) =>
        (await v.ListAsync(dir)).Any(e => e.Name.StartsWith("vmlinuz-", StringComparison.Ordinal));

    private static async Task<string?> OsNameAsync(Ext4Volume root) =>
        (await root.ReadTextAsync("/etc/os-release", 64 * 1024))?.Split('\n')
            .FirstOrDefault(l => l.StartsWith("PRETTY_NAME=", StringComparison.Ordinal))?[12..].Trim('"');

    private static string Describe(IReadOnlyList<Partition> partitions) => partitions.Count == 0
        ? "no partitions"
        : string.Join(", ", partitions.Select(p => $"p{p.Number} {p.Kind.ToString().ToLowerInvariant()} ({p.Type}, {p.Size / (1024 * 1024)} MiB)"));
}
