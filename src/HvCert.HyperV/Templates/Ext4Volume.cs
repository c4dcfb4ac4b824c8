using System.Text.RegularExpressions;

namespace HvCert.HyperV.Templates;

/// <summary>One directory entry as <c>debugfs ls -p</c> prints it.</summary>
internal sealed record Ext4Entry(string Name, bool IsDirectory, bool IsSymlink, long Size);

/// <summary>
/// Reads an ext2/3/4 file system inside a raw disk with e2fsprogs' debugfs (read-only, <c>FILE?offset=N</c>): no mount,
/// no loop device, no root. Symlinks are resolved inside the image (absolute links against the image's own root).
/// </summary>
internal sealed partial class Ext4Volume(string rawDisk, long offset, CancellationToken ct)
{
    private const int MaxLinkHops = 16;

    private string Device => $"{rawDisk}?offset={offset}";

    /// <summary>True when debugfs can open the file system at all.</summary>
    public async Task<bool> OpensAsync() => (await DebugfsAsync("stats -h")).ExitOk;

    public async Task<bool> ExistsAsync(string path) => await ResolveAsync(path) is not null;

    /// <summary>The file's text (up to <paramref name="maxBytes"/>), or null when it does not exist or is not a file.</summary>
    public async Task<string?> ReadTextAsync(string path, int maxBytes = 1 << 20)
    {
        var real = await ResolveAsync(path);
        if (real is null)
        {
            return null;
        }

        var r = await DebugfsAsync($"cat \"{real}\"");
        var text = r.Stdout;
        return text.Length > maxBytes ? text[..maxBytes] : text;
    }

    /// <summary>The entries of a directory (without . and ..), empty when it does not exist.</summary>
    public async Task<IReadOnlyList<Ext4Entry>> ListAsync(string dir)
    {
        var real = await ResolveAsync(dir);
        if (real is null)
        {
            return [];
        }

        var r = await DebugfsAsync($"ls -p \"{real}\"");
        return r.Stdout.Split('\n')
            .Select(line => LsLine().Match(line.Trim()))
            .Where(m => m.Success && m.Groups["name"].Value is not "." and not "..")
            .Select(m => new Ext4Entry(m.Groups["name"].Value, m.Groups["mode"].Value.StartsWith("04", StringComparison.Ordinal),
                m.Groups["mode"].Value.StartsWith("12", StringComparison.Ordinal), long.TryParse(m.Groups["size"].Value, out var s) ? s : 0))
            .ToList();
    }

    /// <summary>Copies a file out of the image into <paramref name="localPath"/>; false when it does not exist.</summary>
    public async Task<bool> DumpAsync(string path, string localPath)
    {
        var real = await ResolveAsync(path);
        if (real is null)
        {
            return false;
        }

        await DebugfsAsync($"dump \"{real}\" \"{localPath}\"");
        return File.Exists(localPath);
    }

    /// <summary>The symlink target of <paramref name="path"/> itself (not followed), or null when it is not a symlink.</summary>
    public async Task<string?> LinkTargetAsync(string path)
    {
        var r = await DebugfsAsync($"stat \"{path}\"");
        if (!r.Stdout.Contains("Type: symlink", StringComparison.Ordinal))
        {
            return null;
        }

        var fast = FastLink().Match(r.Stdout);
        if (fast.Success)
        {
            return fast.Groups[1].Value;
        }

        // A slow symlink (target longer than 60 bytes) keeps its target in a data block: cat prints it.
        return (await DebugfsAsync($"cat \"{path}\"")).Stdout.TrimEnd('\0', '\n');
    }

    /// <summary>The path with every symlink resolved inside the image, or null when it does not exist.</summary>
    public async Task<string?> ResolveAsync(string path)
    {
        var current = Normalize(path);
        for (var hop = 0; hop < MaxLinkHops; hop++)
        {
            if (current.Any(c => c == '"' || char.IsControl(c)))
            {
                return null; // a name debugfs could not take quoted; never one hvcert asks for, so only a hostile link target
            }

            var r = await DebugfsAsync($"stat \"{current}\"");
            if (!r.Stdout.Contains("Inode:", StringComparison.Ordinal))
            {
                return null;
            }

            if (!r.Stdout.Contains("Type: symlink", StringComparison.Ordinal))
            {
                return current;
            }

            var target = await LinkTargetAsync(current) ?? "";
            current = Normalize(target.StartsWith('/') ? target : Path.GetDirectoryName(current)!.Replace('\\', '/') + "/" + target);
        }

        return null;
    }

    internal static string Normalize(string path)
    {
        var parts = new List<string>();
        foreach (var part in path.Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            if (part == "..")
            {
                if (parts.Count > 0)
                {
                    parts.RemoveAt(parts.Count - 1);
                }
            }
            else if (part != ".")
            {
                parts.Add(part);
            }
        }

        return "/" + string.Join('/', parts);
    }

    private sealed record DebugfsResult(string Stdout, string Stderr, bool ExitOk);

    private async Task<DebugfsResult> DebugfsAsync(string request)
    {
        if (request.Contains('\n', StringComparison.Ordinal))
        {
            throw new ArgumentException("a debugfs request is one line", nameof(request));
        }

        var r = await TemplateTool.RunAsync("debugfs", ["-R", request, Device], ct, TimeSpan.FromMinutes(2), package: "e2fsprogs");
        var stderr = r.Stderr;
        return new DebugfsResult(r.Text, stderr, r.ExitCode == 0 && !stderr.Contains("Bad magic number", StringComparison.Ordinal)
            && !stderr.Contains("Couldn't find valid filesystem superblock", StringComparison.Ordinal));
    }

    [GeneratedRegex(@"^/(?<ino>\d+)/(?<mode>\d+)/\d+/\d+/(?<name>.*)/(?<size>\d*)/$")]
    private static partial Regex LsLine();

    [GeneratedRegex("Fast link dest: \"(.*)\"")]
    private static partial Regex FastLink();
}
