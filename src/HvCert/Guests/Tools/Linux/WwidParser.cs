namespace HvCert.Guests.Tools.Linux;

/// <summary>A SCSI device's VPD-derived identifier from sysfs, e.g. "naa.5000c500a1b2c3d4" or "t10.ATA     QEMU HARDDISK…".</summary>
internal sealed record DiskWwid(string Device, string Wwid)
{
    public bool IsNaa => Wwid.StartsWith("naa.", StringComparison.Ordinal);

    /// <summary>Hex digits of an NAA id, comparable with a host-assigned WWN; null for t10/eui/vendor forms.</summary>
    public string? NaaHex => IsNaa ? ToolText.HexDigits(Wwid) : null;
}

/// <summary><c>grep -H . /sys/block/*/device/wwid</c>: "/sys/block/sdb/device/wwid:naa.5000c500a1b2c3d4".</summary>
internal static class WwidParser
{
    public static IReadOnlyList<DiskWwid> Parse(string text)
    {
        var list = new List<DiskWwid>();
        foreach (var line in ToolText.Lines(text))
        {
            const string marker = "/device/wwid:";
            var at = line.IndexOf(marker, StringComparison.Ordinal);
            if (at <= 0)
            {
                continue;
            }

            var device = line[..at].Split('/').Last();
            var wwid = line[(at + marker.Length)..].Trim();
            if (device.Length > 0 && wwid.Length > 0)
            {
                list.Add(new DiskWwid(device, wwid));
            }
        }

        return list;
    }
}
