namespace HvCert.Guests.Tools.Linux;

internal sealed record LoadedModule(string Name, long Size, int UsedBy, IReadOnlyList<string> Users);

/// <summary><c>lsmod</c>: "Module  Size  Used by" header, then "hv_sock  24576  0" / "vsock  61440  5 vmw_vsock_virtio_transport_common,hv_sock".</summary>
internal static class LsmodParser
{
    public static IReadOnlyList<LoadedModule> Parse(string text)
    {
        var modules = new List<LoadedModule>();
        foreach (var line in ToolText.Lines(text))
        {
            var cols = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (cols.Length < 3 || ToolText.Long(cols[1]) is not { } size || ToolText.Long(cols[2]) is not { } used)
            {
                continue;
            }

            var users = cols.Length > 3 ? cols[3].Split(',', StringSplitOptions.RemoveEmptyEntries) : [];
            modules.Add(new LoadedModule(cols[0], size, (int)used, users));
        }

        return modules;
    }

    public static bool Has(IEnumerable<LoadedModule> modules, string name) => modules.Any(m => m.Name == name);
}
