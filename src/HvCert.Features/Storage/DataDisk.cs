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
        "[ -n \"$D\" ] || { echo 'no unpartitioned, unmounted data disk found' >&2; exit 3; }; echo data_disk=$D; " +
        // The disk's controller: the first ancestor with a driver other than the disk driver sd (VMBus GUID + hv_storvsc,
        // virtioN + virtio_scsi/virtio_blk, a PCI address + nvme …), so the judge can tell whose disk it judged.
        "p=$(readlink -f /sys/block/$D/device); while [ -n \"$p\" ] && [ \"$p\" != /sys/devices ]; do " +
        "if [ -e \"$p/driver\" ]; then r=$(basename \"$(readlink -f \"$p/driver\")\"); [ \"$r\" = sd ] || { echo \"data_controller=${p##*/} $r\"; break; }; fi; p=${p%/*}; done";

    /// <summary>The data disk's controller from the <c>data_controller=DEVICE DRIVER</c> line, or null (older evidence).</summary>
    public static HvCert.Features.Common.JudgedDevice? Controller(string stdout)
    {
        if (ControllerLine().Match(stdout) is not { Success: true } m)
        {
            return null;
        }

        var device = m.Groups[1].Value;
        return new HvCert.Features.Common.JudgedDevice(Name(stdout), m.Groups[2].Value, HvCert.Features.Common.JudgedDevice.BusOf(device), device);
    }

    /// <summary>
    /// The data disk sits on the backend's storage controller (Hyper-V: hv_storvsc on VMBus). Under Hyper-V the controller
    /// line is required; lab evidence recorded before the line existed is judged without it.
    /// </summary>
    public static bool OnFeatureController(HvCert.Probes.ProbeEvidence evidence, string stdout, string feature, out HvCert.Probes.Verdict failure)
    {
        failure = null!;
        if (Controller(stdout) is not { } controller)
        {
            if (evidence.Backend != HvCert.Hosts.BackendKind.HyperV)
            {
                return true;
            }

            failure = HvCert.Probes.Verdict.Error("the storage step did not name the data disk's controller (no data_controller= line)");
            return false;
        }

        if (HvCert.Features.Common.DeviceIdentity.Mismatch(evidence, HvCert.Hosts.DeviceRole.Storage, controller, feature) is { } mismatch)
        {
            failure = mismatch;
            return false;
        }

        return true;
    }

    [GeneratedRegex(@"^data_controller=(\S+) (\S+)\s*$", RegexOptions.Multiline)]
    private static partial Regex ControllerLine();

    /// <summary>The disk a command chose, from its <c>data_disk=</c> line.</summary>
    public static string? Name(string stdout) => Marker().Match(stdout) is { Success: true } m ? m.Groups[1].Value : null;

    [GeneratedRegex(@"^data_disk=(\S+)\s*$", RegexOptions.Multiline)]
    private static partial Regex Marker();
}
