namespace HvCert.Guests.Tools.Linux;

/// <summary>One device on a guest bus, as the sysfs inventory command prints it: <c>bus device driver id</c>.</summary>
/// <param name="Id">VMBus: class GUID without braces, lower case. PCI/virtio: <c>vvvv:dddd</c>. Else null.</param>
internal sealed record BusDevice(string Bus, string Device, string? Driver, string? Id);

/// <summary>
/// Parses the output of <see cref="Command"/>: every device on the buses a hypervisor offers devices on, with the
/// driver bound to it (or <c>-</c>) and its identity. Unknown buses and VMBus GUIDs are kept, never dropped.
/// </summary>
internal static class SysfsDeviceInventory
{
    /// <remarks>
    /// Fork-free on purpose: only shell builtins (<c>cd -P</c> + <c>$PWD</c> for the driver link, <c>read</c> for the ids),
    /// in dash and bash alike. The first version ran readlink and cat per device (hundreds of ACPI and platform
    /// devices): under TCG that took 5–28 s per probe and 239 s of a 476 s lab run, 18 times the same list.
    /// <see cref="ForkPerDeviceCommand"/> keeps it so tests can show both print the same lines on a real sysfs.
    /// </remarks>
    public const string Command =
        "for d in /sys/bus/vmbus/devices/* /sys/bus/pci/devices/* /sys/bus/virtio/devices/* /sys/bus/hid/devices/* " +
        "/sys/bus/usb/devices/* /sys/bus/scsi/devices/* /sys/bus/serio/devices/* /sys/bus/acpi/devices/* /sys/bus/platform/devices/*; do [ -e \"$d\" ] || continue; " +
        "b=${d#/sys/bus/}; b=${b%%/*}; r=-; if cd -P \"$d/driver\" 2>/dev/null; then r=${PWD##*/}; fi; i=-; " +
        "if [ -r \"$d/class_id\" ]; then read -r i < \"$d/class_id\"; " +
        "elif [ -r \"$d/vendor\" ] && [ -r \"$d/device\" ]; then read -r v < \"$d/vendor\"; read -r p < \"$d/device\"; i=$v:$p; fi; " +
        "echo \"$b ${d##*/} ${r:--} ${i:--}\"; done; cd /";

    /// <summary>The earlier, equivalent command that forks readlink and cat per device (kept for the equivalence test and bench).</summary>
    public const string ForkPerDeviceCommand =
        "for d in /sys/bus/vmbus/devices/* /sys/bus/pci/devices/* /sys/bus/virtio/devices/* /sys/bus/hid/devices/* " +
        "/sys/bus/usb/devices/* /sys/bus/scsi/devices/* /sys/bus/serio/devices/* /sys/bus/acpi/devices/* /sys/bus/platform/devices/*; do [ -e \"$d\" ] || continue; " +
        "b=${d#/sys/bus/}; b=${b%%/*}; r=$(readlink \"$d/driver\"); r=${r##*/}; " +
        "if [ -r \"$d/class_id\" ]; then i=$(cat \"$d/class_id\"); elif [ -r \"$d/vendor\" ] && [ -r \"$d/device\" ]; then i=$(cat \"$d/vendor\"):$(cat \"$d/device\"); else i=-; fi; " +
        "echo \"$b ${d##*/} ${r:--} $i\"; done";

    public static IReadOnlyList<BusDevice> Parse(string text)
    {
        var devices = new List<BusDevice>();
        foreach (var raw in text.Split('\n'))
        {
            var f = raw.Trim().Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (f.Length < 3)
            {
                continue;
            }

            devices.Add(new BusDevice(f[0], f[1], f[2] == "-" ? null : f[2], f.Length > 3 ? NormalizeId(f[3]) : null));
        }

        return devices;
    }

    /// <summary><c>{F8615163-...}</c> → <c>f8615163-...</c>; <c>0x1af4:0x1000</c> → <c>1af4:1000</c>.</summary>
    public static string? NormalizeId(string id)
    {
        if (id == "-")
        {
            return null;
        }

        var t = id.Trim().Trim('{', '}').ToLowerInvariant();
        return t.Contains(':') ? string.Join(':', t.Split(':').Select(p => p.StartsWith("0x", StringComparison.Ordinal) ? p[2..] : p)) : t;
    }

    /// <summary>Driver names compare equal across '-' and '_' (module hv-netvsc vs driver hv_netvsc).</summary>
    public static bool SameDriver(string a, string b) =>
        string.Equals(a.Replace('-', '_'), b.Replace('-', '_'), StringComparison.OrdinalIgnoreCase);
}
