using HvCert.Features.Common;
using HvCert.Guests.Tools.Linux;
using HvCert.Hosts;
using HvCert.Probes;
using static HvCert.Features.Core.StorageDevice.StorageDeviceProbe;

namespace HvCert.Features.Core.StorageDevice;

internal static class StorageDeviceJudge
{
    public static Verdict Judge(ProbeEvidence evidence)
    {
        if (!evidence.Ran(Inventory, out var inventory, out var failure))
        {
            return failure;
        }

        var devices = SysfsDeviceInventory.Parse(inventory.Stdout);
        if (!evidence.BoundDevice(Inventory, DeviceRole.Storage, out var binding, out failure))
        {
            return failure;
        }

        if (!evidence.Ran(Disks, out var lsblk, out failure))
        {
            return failure;
        }

        var disks = LsblkPairs.Parse(lsblk.Stdout).Where(d => d.GetValueOrDefault("TYPE") == "disk").ToList();
        var scsiDisks = devices.Count(d => d.Bus == "scsi" && d.Driver == "sd");
        return disks.Count == 0
            ? Verdict.NotSupported($"{binding.Detail}, but the guest lists no disk (lsblk)")
            : Verdict.Supported($"{binding.Detail}; {disks.Count} disk(s): {string.Join(", ", disks.Take(4).Select(Describe))}{(scsiDisks > 0 ? $"; {scsiDisks} SCSI disk(s) on sd" : "")}");
    }

    private static string Describe(IReadOnlyDictionary<string, string> disk) =>
        Judging.Clip($"{disk.GetValueOrDefault("NAME")} {disk.GetValueOrDefault("VENDOR")} {disk.GetValueOrDefault("MODEL")}".Replace("  ", " "), 50);
}
