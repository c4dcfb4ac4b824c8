using HvCert.HyperV.Inventory;
using Renci.SshNet;
using Renci.SshNet.Common;

namespace HvCert.HyperV.Ssh;

/// <summary>
/// Host files over SFTP on the host's own SSH connection (no SMB share in ssh mode). WMI still names each file by its host
/// path (<c>D:\hvcert\x.iso</c>); SFTP reaches the same file as <c>/D:/hvcert/x.iso</c> (Windows OpenSSH's form).
/// </summary>
internal sealed class SftpHostFiles(string hostName, HostStorage storage, Func<CancellationToken, Task<SftpClient>> connect) : IHostFiles
{
    public string Folder { get; } = SftpFolder(storage.HostPath);

    public string HostPath(string name) => storage.HostPath.TrimEnd('\\') + "\\" + name;

    /// <summary><c>D:\hvcert</c> → <c>/D:/hvcert</c>; a POSIX path (a test host) stays as it is.</summary>
    public static string SftpFolder(string hostPath)
    {
        var path = hostPath.Replace('\\', '/').TrimEnd('/');
        return path.Length >= 2 && char.IsAsciiLetter(path[0]) && path[1] == ':' ? "/" + path : path;
    }

    public async Task WriteAsync(string name, byte[] content, CancellationToken ct) =>
        await Do(async sftp =>
        {
            if (!await sftp.ExistsAsync(Folder, ct))
            {
                await sftp.CreateDirectoryAsync(Folder, ct);
            }

            using var stream = new MemoryStream(content);
            await sftp.UploadFileAsync(stream, Folder + "/" + name, ct);
            return true;
        }, $"writing {name}", ct);

    public Task<bool> DeleteAsync(string name, CancellationToken ct) =>
        Do(async sftp =>
        {
            if (!await sftp.ExistsAsync(Folder + "/" + name, ct))
            {
                return false;
            }

            await sftp.DeleteFileAsync(Folder + "/" + name, ct);
            return true;
        }, $"deleting {name}", ct);

    public Task<IReadOnlyList<string>> NamesContainingAsync(string marker, CancellationToken ct) =>
        Do<IReadOnlyList<string>>(async sftp =>
        {
            if (!await sftp.ExistsAsync(Folder, ct))
            {
                return [];
            }

            var names = new List<string>();
            await foreach (var entry in sftp.ListDirectoryAsync(Folder, ct))
            {
                if (entry.IsRegularFile && entry.Name.Contains(marker, StringComparison.Ordinal))
                {
                    names.Add(entry.Name);
                }
            }

            return names;
        }, $"listing {Folder}", ct);

    private async Task<T> Do<T>(Func<SftpClient, Task<T>> action, string what, CancellationToken ct)
    {
        try
        {
            return await action(await connect(ct));
        }
        catch (Exception e) when (e is SshException or IOException)
        {
            throw new IOException($"SFTP on {hostName} failed {what} in {Folder}: {e.Message}; check that storage.host_path exists and the ssh.user may write there", e);
        }
    }
}
