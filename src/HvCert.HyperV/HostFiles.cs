using HvCert.HyperV.Inventory;

namespace HvCert.HyperV;

/// <summary>
/// Files hvcert puts on the Hyper-V host (seed ISOs, files for CopyFilesToGuest) and removes at teardown, named in WMI by
/// their host path. Two ways in: a share (Windows, <see cref="ShareHostFiles"/>) or SFTP over the host's SSH connection
/// (<see cref="Ssh.SftpHostFiles"/>). Every name carries the run id, so nothing else is ever deleted.
/// </summary>
internal interface IHostFiles
{
    /// <summary>The path the host itself uses for <paramref name="name"/> (storage.host_path + name).</summary>
    string HostPath(string name);

    Task WriteAsync(string name, byte[] content, CancellationToken ct);

    Task<bool> DeleteAsync(string name, CancellationToken ct);

    Task<IReadOnlyList<string>> NamesContainingAsync(string marker, CancellationToken ct);
}

/// <summary>A gateway that also carries the host's files (the SSH gateway: SFTP on the same connection).</summary>
internal interface IHostFilesProvider
{
    IHostFiles Files { get; }
}

/// <summary>Host files written through storage.share (a UNC path, or the folder itself on a local host).</summary>
internal sealed class ShareHostFiles(HostStorage storage) : IHostFiles
{
    public string HostPath(string name) => storage.HostPath.TrimEnd('\\') + "\\" + name;

    public async Task WriteAsync(string name, byte[] content, CancellationToken ct)
    {
        Directory.CreateDirectory(storage.Share);
        await File.WriteAllBytesAsync(Path.Combine(storage.Share, name), content, ct);
    }

    public Task<bool> DeleteAsync(string name, CancellationToken ct)
    {
        var path = Path.Combine(storage.Share, name);
        if (!File.Exists(path))
        {
            return Task.FromResult(false);
        }

        File.Delete(path);
        return Task.FromResult(true);
    }

    public Task<IReadOnlyList<string>> NamesContainingAsync(string marker, CancellationToken ct) =>
        Task.FromResult<IReadOnlyList<string>>(Directory.Exists(storage.Share)
            ? Directory.EnumerateFiles(storage.Share).Select(Path.GetFileName).Where(n => n!.Contains(marker, StringComparison.Ordinal)).Select(n => n!).ToList()
            : []);
}
