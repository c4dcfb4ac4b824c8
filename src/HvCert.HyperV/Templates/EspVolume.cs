namespace HvCert.HyperV.Templates;

/// <summary>Reads the EFI system partition (FAT) inside a raw disk with mtools (<c>-i FILE@@OFFSET</c>): no mount, no root.</summary>
internal sealed class EspVolume(string rawDisk, long offset, CancellationToken ct)
{
    private static readonly Dictionary<string, string> Env = new() { ["MTOOLS_SKIP_CHECK"] = "1" };

    private string Image => $"{rawDisk}@@{offset}";

    /// <summary>Every file path on the partition (e.g. <c>/EFI/BOOT/BOOTX64.EFI</c>), or null when it is not a FAT file system.</summary>
    public async Task<IReadOnlyList<string>?> FilesAsync()
    {
        var r = await TemplateTool.RunAsync("mdir", ["-/", "-b", "-i", Image, "::/"], ct, environment: Env, package: "mtools");
        if (r.ExitCode != 0)
        {
            return null;
        }

        return r.Text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Where(l => l.StartsWith("::/", StringComparison.Ordinal) && !l.EndsWith('/'))
            .Select(l => l[2..])
            .ToList();
    }

    /// <summary>Copies one file out into <paramref name="localPath"/>.</summary>
    public async Task<bool> CopyOutAsync(string path, string localPath)
    {
        var r = await TemplateTool.RunAsync("mcopy", ["-n", "-i", Image, "::" + path, localPath], ct, environment: Env, package: "mtools");
        return r.ExitCode == 0 && File.Exists(localPath);
    }
}
