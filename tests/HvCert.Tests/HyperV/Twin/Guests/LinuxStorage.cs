using System.Globalization;
using HvCert.Transport;
using static HvCert.Tests.HyperV.Twin.Guests.ScriptedGuest;

namespace HvCert.Tests.HyperV.Twin.Guests;

/// <summary>
/// The Linux guest's disks: the boot disk sda and the probe data disk sdb on the VM's synthetic SCSI controller (hv_storvsc), with
/// the size the twin's VHDX has now. Writing and trimming the data disk moves the twin's file allocation, so the host sees it.
/// </summary>
internal static partial class LinuxGuest
{
    private const string ScsiClass = "ba6163d9-04a1-4d29-b605-72e2ffb1dc7f";

    /// <summary>A <c>DataDisk.Find</c> command: the data disk line, its controller line, then the step's own part.</summary>
    private static CommandResult DataDiskCommand(GuestWorld w, string command)
    {
        if (w.Vmbus.FirstOrDefault(v => v.ClassId == ScsiClass) is not { } scsi || w.DataDiskBytes <= 0)
        {
            return Exit(3, "", "no unpartitioned, unmounted data disk found\n");
        }

        var head = $"data_disk=sdb\ndata_controller={scsi.InstanceId} hv_storvsc\n";
        if (command.Contains("NAME,SIZE,SERIAL", StringComparison.Ordinal))
        {
            return Ok(head + $"NAME=\"sdb\" SIZE=\"{Text(w.DataDiskBytes)}\" SERIAL=\"\"\n");
        }

        if (command.Contains("DISC-GRAN,DISC-MAX", StringComparison.Ordinal))
        {
            // SYNTHETIC: a VHDX on storvsc advertises UNMAP (Block Limits VPD); granularity = the VHDX's 2 MiB block size.
            return Ok(head + "NAME=\"sdb\" DISC-GRAN=\"2097152\" DISC-MAX=\"4294966784\"\n");
        }

        if (command.Contains("mkfs.ext4", StringComparison.Ordinal))
        {
            var fill = (Count().Match(command) is { Success: true } m ? long.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture) : 64) << 20;
            w.State.TrimFill = fill;
            w.DataDiskAllocation(fill + (8L << 20)); // the data plus ext4's journal and tables
            return Ok(head + "filled\n");
        }

        if (command.Contains("sg_inq", StringComparison.Ordinal))
        {
            return Exit(127, head, "sh: 1: sg_inq: not found\n"); // sg3-utils is not in Debian's minimal install
        }

        return Exit(127, head, "sh: hvcert twin guest: no capture answers this data-disk command\n");
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"count=(\d+)")]
    private static partial System.Text.RegularExpressions.Regex Count();

    /// <summary>fstrim -v on the mounted test file system: ext4 trims all its free space; the VHDX gives the deleted data back to the host.</summary>
    private static CommandResult Fstrim(GuestWorld w)
    {
        if (w.State.TrimFill <= 0)
        {
            return Exit(32, "", "fstrim: /mnt/hvcert-trim: the discard operation is not supported\n");
        }

        w.DataDiskAllocation(-w.State.TrimFill);
        w.State.TrimFill = 0;
        var free = w.DataDiskBytes - (w.DataDiskBytes / 32) - (16L << 20); // ext4 keeps its tables and journal
        return Ok(string.Create(CultureInfo.InvariantCulture, $"/mnt/hvcert-trim: {free / 1048576.0:0.#} MiB ({free} bytes) trimmed\n"));
    }

    /// <summary>
    /// SYNTHETIC pairs in lsblk -P's format (lsblk/lab-*.txt): Hyper-V disks report vendor "Msft" and model "Virtual Disk"
    /// (FreeBSD's "&lt;Msft Virtual Disk 1.0&gt;" in dmesg-freebsd/freebsd-13.0-gen2-win10-hyperv.txt; Azure's udev rules match
    /// ID_VENDOR Msft, ID_MODEL Virtual_Disk); the boot disk is LUN 0 and the data disk LUN 1 of the SCSI controller.
    /// </summary>
    private static string Disks(GuestWorld w)
    {
        var boot = w.Generation == 1 ? "0:0:0:0" : "0:0:0:0";
        var data = w.Generation == 1 ? "2:0:0:1" : "0:0:0:1";
        return $"NAME=\"sda\" TYPE=\"disk\" SIZE=\"30G\" VENDOR=\"Msft    \" MODEL=\"Virtual Disk    \" HCTL=\"{boot}\"\n" +
            (w.DataDiskBytes > 0 ? $"NAME=\"sdb\" TYPE=\"disk\" SIZE=\"{w.DataDiskBytes >> 30}G\" VENDOR=\"Msft    \" MODEL=\"Virtual Disk    \" HCTL=\"{data}\"\n" : "");
    }

    /// <summary>No public listing of /dev/disk/by-id on a Hyper-V (not Azure) guest was found: the guest shows no links rather than invented ones.</summary>
    private static string ById(GuestWorld w) => "total 0\n";
}
