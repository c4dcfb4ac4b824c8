using System.Text;
using System.Text.RegularExpressions;
using HvCert.Transport;
using static HvCert.Tests.HyperV.Twin.Guests.ScriptedGuest;

namespace HvCert.Tests.HyperV.Twin.Guests;

/// <summary>The Linux guest's devices: VMBus (sysfs, lsvmbus), input, display, firmware, Fibre Channel.</summary>
internal static partial class LinuxGuest
{
    /// <summary>
    /// Class GUID → lsvmbus description (tools/hv/lsvmbus's table, as the real captures print it) and the in-tree driver that
    /// binds it (drivers/hv, drivers/net/hyperv, drivers/scsi/storvsc_drv.c, drivers/hid/hid-hyperv.c,
    /// drivers/input/serio/hyperv-keyboard.c, drivers/gpu/drm/hyperv, drivers/pci/controller/pci-hyperv.c).
    /// </summary>
    private static readonly Dictionary<string, (string Description, string Driver)> VmbusClasses = new(StringComparer.OrdinalIgnoreCase)
    {
        ["525074dc-8985-46e2-8057-a307dc18a502"] = ("[Dynamic Memory]", "hv_balloon"),
        ["32412632-86cb-44a2-9b5c-50d1417354f5"] = ("Synthetic IDE Controller", "hv_storvsc"),
        ["cfa8b69e-5b4a-4cc0-b98b-8ba1a1f3f95a"] = ("Synthetic mouse", "hid_hyperv"),
        ["f912ad6d-2b17-48ea-bd65-f927a61c7684"] = ("Synthetic keyboard", "hyperv_keyboard"),
        ["da0a7802-e377-4aac-8e77-0558eb1073f8"] = ("Synthetic framebuffer adapter", "hyperv_drm"),
        ["57164f39-9115-4e78-ab55-382f3bd5422d"] = ("[Heartbeat]", "hv_utils"),
        ["a9a0f4e7-5a45-4d96-b827-8a841e8c03e6"] = ("[Data Exchange]", "hv_utils"),
        ["0e0b6031-5213-4934-818b-38d90ced39db"] = ("[Operating system shutdown]", "hv_utils"),
        ["9527e630-d0ae-497b-adce-e80ab0175caf"] = ("[Time Synchronization]", "hv_utils"),
        ["35fa2e29-ea23-4236-96ae-3a6ebacba440"] = ("[Backup (volume checkpoint)]", "hv_utils"),
        ["34d14be3-dee4-41c8-9ae7-6b174977c192"] = ("[Guest services]", "hv_utils"),
        ["f8615163-df3e-46c5-913f-f2d2f965ed0e"] = ("Synthetic network adapter", "hv_netvsc"),
        ["ba6163d9-04a1-4d29-b605-72e2ffb1dc7f"] = ("Synthetic SCSI Controller", "hv_storvsc"),
        ["2f9bcc4a-0069-4af3-b76b-6fd0be528cda"] = ("Synthetic fiber channel adapter", "hv_storvsc"),
        ["44c4f61d-4444-4400-9d52-802e27ede19f"] = ("PCI Express pass-through", "hv_pci"),
    };

    /// <summary>SysfsDeviceInventory.Command's output: one line per VMBus device the host offered, with the driver bound to it.</summary>
    private static string Inventory(GuestWorld w)
    {
        var text = new StringBuilder();
        foreach (var d in w.Vmbus)
        {
            var driver = VmbusClasses.TryGetValue(d.ClassId, out var c) ? c.Driver : "-";
            text.Append($"vmbus {d.InstanceId} {driver} {{{d.ClassId}}}\n");
        }

        text.Append("scsi 0:0:0:0 sd -\n");
        if (w.DataDiskBytes > 0)
        {
            text.Append("scsi 0:0:0:1 sd -\n");
        }

        return text.ToString();
    }

    /// <summary>
    /// lsvmbus -vv for the offered devices, block by block in the real capture's layout (lsvmbus-vv/azure-d8ds-v5-*.txt). A
    /// NIC gets one channel per CPU (netvsc opens min(CPUs, 8) sub-channels, spread from CPU 0), the rest one channel on CPU 0.
    /// </summary>
    private static string Lsvmbus(GuestWorld w)
    {
        var text = new StringBuilder();
        var rel = 1;
        for (var i = 0; i < w.Vmbus.Count; i++)
        {
            var d = w.Vmbus[i];
            var desc = VmbusClasses.TryGetValue(d.ClassId, out var c) ? c.Description : "Unknown";
            text.Append($"VMBUS ID {i + 1,2}: Class_ID = {{{d.ClassId}}} - {desc}\n");
            text.Append($"        Device_ID = {{{d.InstanceId}}}\n        Sysfs path: /sys/bus/vmbus/devices/{d.InstanceId}\n");
            var channels = d.ClassId == NetvscClass ? Math.Min(w.Cpus, 8) : 1;
            for (var ch = 0; ch < channels; ch++)
            {
                text.Append($"        Rel_ID={rel++}, target_cpu={ch % w.Cpus}\n");
            }

            text.Append('\n');
        }

        return text.ToString();
    }

    private const string NetvscClass = "f8615163-df3e-46c5-913f-f2d2f965ed0e";

    /// <summary>The capture's absolute pointer is event1 (proc-bus-input-devices/hyperv-synthetic-mouse.txt).</summary>
    private static CommandResult StartCapture(GuestWorld w)
    {
        if (!w.Has("cfa8b69e-5b4a-4cc0-b98b-8ba1a1f3f95a"))
        {
            return Exit(3, "", "no absolute pointer device\n");
        }

        w.State.CaptureFrom = w.PointerMoves;
        return Ok("event1\n");
    }

    /// <summary>
    /// The raw struct input_event records (24 bytes on x86_64: timeval, type, code, value; include/uapi/linux/input.h) hid_hyperv
    /// reports for each host pointer move: EV_ABS X, EV_ABS Y, EV_SYN. X/Y are fixed mid-range values: the judge counts events.
    /// </summary>
    private static CommandResult ReadCapture(GuestWorld w)
    {
        var from = w.State.CaptureFrom ?? w.PointerMoves;
        w.State.CaptureFrom = null;
        var bytes = new List<byte>();
        for (var move = from; move < w.PointerMoves; move++)
        {
            foreach (var (type, code, value) in new[] { (3, 0, 9830), (3, 1, 8738), (0, 0, 0) })
            {
                bytes.AddRange(BitConverter.GetBytes((long)w.Uptime));
                bytes.AddRange(BitConverter.GetBytes(125_000L));
                bytes.AddRange(BitConverter.GetBytes((ushort)type));
                bytes.AddRange(BitConverter.GetBytes((ushort)code));
                bytes.AddRange(BitConverter.GetBytes(value));
            }
        }

        var lines = bytes.Chunk(24).Select(row => " " + string.Join(' ', row.Select(b => b.ToString("x2"))) + "\n");
        return Ok(string.Concat(lines));
    }

    /// <summary>hyperv_drm binds the synthetic video device on both generations (drivers/gpu/drm/hyperv, Debian's 6.1 kernel).</summary>
    private static string DrmCards(GuestWorld w) => w.Has("da0a7802-e377-4aac-8e77-0558eb1073f8") ? "card0 hyperv_drm\n" : "";

    /// <summary>fb0 is the DRM fbdev emulation of hyperv_drm ("hyperv_drmdrmfb"), at the resolution the host configured.</summary>
    private static string Framebuffer(GuestWorld w) =>
        w.Has("da0a7802-e377-4aac-8e77-0558eb1073f8") ? $"hyperv_drmdrmfb\n{w.Display.Width},{w.Display.Height}\n" : "";

    private static CommandResult Efi(GuestWorld w) => w.Generation == 2
        ? Ok(Captures.Read("efi-presence/lab-debian12-gen2-secureboot.txt"))
        : Exit(1, "", Captures.Read("efi-presence/lab-debian12-gen1.txt"));

    // mokutil's and od's own output text (lab captures of the same Debian 12 tools); the state comes from the twin's firmware.
    private static CommandResult Mokutil(GuestWorld w) => w.Generation == 1
        ? Exit(1, "", Captures.Read("mokutil/lab-debian12-gen1.txt"))
        : Ok(w.SecureBoot ? Captures.Read("mokutil/lab-debian12-gen2-secureboot.txt") : "SecureBoot disabled\n");

    private static CommandResult SecureBootVariable(GuestWorld w) => w.Generation == 1
        ? Exit(1, "", "od: /sys/firmware/efi/efivars/SecureBoot-8be4df61-93ca-11d2-aa0d-00e098032b8c: No such file or directory\n")
        : Ok(w.SecureBoot ? Captures.Read("efivar-secureboot/lab-debian12-gen2-secureboot.txt") : "   6   0   0   0   0\n");

    /// <summary>
    /// SYNTHETIC (no public capture of a Hyper-V guest's fc_host found): storvsc registers one fc_host per virtual HBA with the
    /// port WWPN/WWNN the host assigned (drivers/scsi/storvsc_drv.c, printed "0x%llx" by scsi_transport_fc), port Online.
    /// </summary>
    private static CommandResult FcHosts(GuestWorld w, string command)
    {
        if (w.FcPorts.Count == 0)
        {
            return Exit(2, "", "grep: /sys/class/fc_host/host*/port_name: No such file or directory\n");
        }

        var text = new StringBuilder();
        var state = command.Contains("port_state", StringComparison.Ordinal);
        for (var i = 0; i < w.FcPorts.Count; i++)
        {
            var (wwnn, wwpn) = w.FcPorts[i];
            text.Append($"/sys/class/fc_host/host{i + 2}/port_name:0x{wwpn.ToLowerInvariant()}\n");
            text.Append($"/sys/class/fc_host/host{i + 2}/node_name:0x{wwnn.ToLowerInvariant()}\n");
            if (state)
            {
                text.Append($"/sys/class/fc_host/host{i + 2}/port_state:Online\n");
            }
        }

        return Ok(text.ToString());
    }

    /// <summary>SYNTHETIC: hv_utils registers its PTP clock as "hyperv" (drivers/hv/hv_util.c) and udev links /dev/ptp_hyperv.</summary>
    private static string PtpClocks(GuestWorld w) => w.Has(TimeSyncClass)
        ? "ptp0 hyperv\nlrwxrwxrwx 1 root root 4 Jan 15 08:00 /dev/ptp_hyperv -> ptp0\n"
        : "ls: cannot access '/dev/ptp_hyperv': No such file or directory\n";

    /// <summary>Applies the `grep [-i]E 'regex'` stages of a command to <paramref name="lines"/> (plus `tail -n N`).</summary>
    private static CommandResult Grep(string command, IEnumerable<string> lines)
    {
        var result = lines.ToList();
        foreach (Match m in GrepStage().Matches(command))
        {
            var options = m.Groups[1].Value.Contains('i', StringComparison.Ordinal) ? RegexOptions.IgnoreCase : RegexOptions.None;
            var regex = new Regex(m.Groups[2].Value, options);
            result = result.Where(l => regex.IsMatch(l)).ToList();
        }

        if (MaxCount().Match(command) is { Success: true } max)
        {
            result = result.Take(int.Parse(max.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture)).ToList();
        }

        if (TailStage().Match(command) is { Success: true } t)
        {
            result = result.TakeLast(int.Parse(t.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture)).ToList();
        }

        return result.Count == 0 ? Exit(1, "") : Ok(string.Concat(result.Select(l => l + "\n")));
    }

    [GeneratedRegex(@"grep (?:-m \d+ )?-(i?E|Ei?|iE) '([^']*)'")]
    private static partial Regex GrepStage();

    [GeneratedRegex(@"grep -m (\d+) ")]
    private static partial Regex MaxCount();

    [GeneratedRegex(@"tail -n (\d+)")]
    private static partial Regex TailStage();
}
