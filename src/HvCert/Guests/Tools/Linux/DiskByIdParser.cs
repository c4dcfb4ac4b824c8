using System.Text.RegularExpressions;

namespace HvCert.Guests.Tools.Linux;

/// <summary>A /dev/disk/by-id symlink: its name (e.g. wwn-0x5000c500a1b2c3d4, scsi-36002248…) and the device it points at (sdb, sdb1).</summary>
internal sealed record DiskIdLink(string Name, string Device)
{
    public bool IsWwn => Name.StartsWith("wwn-", StringComparison.Ordinal);

    public bool IsPartition => Name.Contains("-part", StringComparison.Ordinal);
}

/// <summary><c>ls -l /dev/disk/by-id/</c>: "lrwxrwxrwx 1 root root 9 Nov 25 18:01 wwn-0x5000c500a1b2c3d4 -> ../../sdb".</summary>
internal static partial class DiskByIdParser
{
    public static IReadOnlyList<DiskIdLink> Parse(string text) =>
        ToolText.Lines(text).Select(l => Link().Match(l)).Where(m => m.Success)
            .Select(m => new DiskIdLink(m.Groups[1].Value, m.Groups[2].Value.Split('/').Last())).ToList();

    [GeneratedRegex(@"\s(\S+) -> (\S+)\s*$")]
    private static partial Regex Link();
}
