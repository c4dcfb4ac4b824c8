using HvCert.HyperV.Inventory;

namespace HvCert.HyperV;

/// <summary>
/// Files hvcert puts on the Hyper-V host (seed ISOs, files for CopyFilesToGuest) and removes at teardown: written through
/// the share, referenced in WMI by the host path. Every name carries the run id, so nothing else is ever deleted.
/// </summary>
internal sealed class HostFiles(HostStorage storage)
{
    public string HostPath(string name) => storage.HostPath.TrimEnd('\\') + "\\" + name;

    public void Write(string name, byte[] content)
    {
        Directory.CreateDirectory(storage.Share);
        File.WriteAllBytes(Path.Combine(storage.Share, name), content);
    }

    public bool Delete(string name)
    {
        var path = Path.Combine(storage.Share, name);
        if (!File.Exists(path))
        {
            return false;
        }

        File.Delete(path);
        return true;
    }

    public IEnumerable<string> NamesContaining(string marker) =>
        Directory.Exists(storage.Share)
            ? Directory.EnumerateFiles(storage.Share).Select(Path.GetFileName).Where(n => n!.Contains(marker, StringComparison.Ordinal)).Select(n => n!)
            : [];
}
