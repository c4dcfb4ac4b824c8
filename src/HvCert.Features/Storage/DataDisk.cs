using System.Text.RegularExpressions;

namespace HvCert.Features.Storage;

/// <summary>
/// Finds the probe data disk in the guest without trusting device names: the first writable, non-removable whole disk with
/// no partitions and nothing mounted from it (the boot disk has partitions; a swap zram is mounted as [SWAP]; the lab's
/// Gen1 floppy drive fd0 is removable). Every storage command
/// starts with this snippet and prints <c>data_disk=NAME</c>, so the evidence says which disk a verdict is about.
/// </summary>
internal static partial class DataDisk
{
    public const string Find =
        "D=$(for n in $(lsblk -dn -o NAME,TYPE,RO,RM | awk '$2==\"disk\" && $3==0 && $4==0 {print $1}'); do " +
        "[ \"$(lsblk -n -o NAME /dev/$n | wc -l)\" -eq 1 ] || continue; " +
        "lsblk -n -o MOUNTPOINT /dev/$n | grep -q . && continue; echo $n; done | head -n 1); " +
        "[ -n \"$D\" ] || { echo 'no unpartitioned, unmounted data disk found' >&2; exit 3; }; echo data_disk=$D";

    /// <summary>The disk a command chose, from its <c>data_disk=</c> line.</summary>
    public static string? Name(string stdout) => Marker().Match(stdout) is { Success: true } m ? m.Groups[1].Value : null;

    [GeneratedRegex(@"^data_disk=(\S+)\s*$", RegexOptions.Multiline)]
    private static partial Regex Marker();
}
