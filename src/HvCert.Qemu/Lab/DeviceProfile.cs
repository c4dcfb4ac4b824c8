using HvCert.Hosts;

namespace HvCert.Qemu.Lab;

/// <summary>
/// What the QEMU command line of <see cref="QemuCommandLine"/> offers the guest, as probes see it: devices with the
/// PCI ids <c>lspci -n</c> prints (virtio devices on the root bus are transitional: 1af4:1000..), and the settings
/// probes compare with.
/// </summary>
internal static class DeviceProfile
{
    private const string AgentModel = "virtserialport org.qemu.guest_agent.0";

    public static IReadOnlyList<OfferedDevice> Offered(LaunchOptions o)
    {
        var list = new List<OfferedDevice>
        {
            new(DeviceRole.Network, "virtio-net-pci", ["virtio_net"], "1af4:1000", "user-mode NIC (SSH)"),
            new(DeviceRole.Storage, "virtio-blk-pci", ["virtio_blk"], "1af4:1001", "root disk"),
            new(DeviceRole.Storage, "virtio-scsi-pci", ["virtio_scsi", "sd"], "1af4:1004", "data disk scsi-hd"),
            new(DeviceRole.Shutdown, "acpi-power-button", ["button"], null, "ACPI powerdown (system_powerdown)"),
            new(DeviceRole.Keyboard, "i8042", ["atkbd", "i8042"], null, "PS/2 keyboard"),
        };
        if (o.PeerTap is not null)
        {
            list.Add(new(DeviceRole.Network, "virtio-net-pci", ["virtio_net"], "1af4:1000", "second NIC to the run's network namespace"));
        }

        if (!o.Has(VmFault.NoGuestAgent) && !o.Has(VmFault.HeartbeatStopped) && !o.Has(VmFault.NoKeyValueChannel))
        {
            foreach (var role in new[] { DeviceRole.GuestAgent, DeviceRole.Heartbeat, DeviceRole.TimeSync, DeviceRole.FileCopy, DeviceRole.KeyValue, DeviceRole.Backup })
            {
                list.Add(new(role, AgentModel, ["virtio_console"], "1af4:1003", "qemu-guest-agent over virtio-serial"));
            }
        }

        if (!o.Has(VmFault.NoBalloonDevice))
        {
            list.Add(new(DeviceRole.Balloon, "virtio-balloon-pci", ["virtio_balloon"], "1af4:1002"));
        }

        if (o.MemoryHotplug)
        {
            list.Add(new(DeviceRole.Balloon, "virtio-mem-pci", ["virtio_mem"], "1af4:1058", "runtime memory resize"));
        }

        if (!o.Has(VmFault.NoVideoDevice))
        {
            list.Add(new(DeviceRole.Video, "bochs-display", ["bochs", "bochs-drm"], "1234:1111"));
        }

        if (!o.Has(VmFault.NoMouseDevice))
        {
            list.Add(new(DeviceRole.Mouse, "virtio-tablet-pci", ["virtio_input"], "1af4:1052", "absolute pointer"));
        }

        return list;
    }

    public static IReadOnlyDictionary<string, string> Settings(LaunchOptions o)
    {
        var cpus = o.Has(VmFault.SingleCpu) ? 1 : o.Spec.Cpus;
        var s = new Dictionary<string, string>
        {
            ["vm.name"] = o.QemuName,
            ["firmware"] = o.Uefi ? "uefi" : "bios",
            ["machine"] = o.Uefi ? "q35" : "pc",
            ["secure_boot"] = (o.Uefi && o.Spec.SecureBoot && !o.Has(VmFault.SecureBootOff)).ToString().ToLowerInvariant(),
            ["cpus"] = cpus.ToString(),
            ["cpus.max"] = (o.Has(VmFault.SingleCpu) ? 1 : LaunchOptions.MaxCpus).ToString(),
            ["memory.mb"] = o.Spec.EffectiveMemoryMb.ToString(),
            ["memory.max_mb"] = (o.MemoryHotplug ? LaunchOptions.MaxMemMb : o.Spec.EffectiveMemoryMb).ToString(),
            ["memory.slots"] = (o.MemoryHotplug ? LaunchOptions.MemSlots : 0).ToString(),
            ["disk.serial"] = "hvcert-data",
            ["disk.discard"] = o.Has(VmFault.DiscardIgnored) ? "ignore" : "unmap",
            ["disk.data_bytes"] = QemuBackendDefaults.DataDiskBytes.ToString(),
            ["nic.mac"] = o.Mac,
            ["nic.queues"] = "1",
            ["ssh.port"] = o.SshPort.ToString(),
        };
        if (!o.Has(VmFault.NoWwn))
        {
            s["disk.wwn"] = o.DataWwn;
        }

        if (!o.Has(VmFault.NoMmioGapSetting))
        {
            s["mmio.low_gap_mb"] = (4096 - LaunchOptions.LowRamMb).ToString();
            s["mmio.ram_below_4g_mb"] = LaunchOptions.LowRamMb.ToString();
        }

        if (o.PeerTap is not null)
        {
            s["peer.nic.mac"] = o.PeerMac ?? "";
            s["peer.nic.queues"] = (o.Has(VmFault.SingleQueueNic) ? 1 : o.PeerQueues).ToString();
            s["nic.queues"] = s["peer.nic.queues"];
            s["peer.nic.mtu"] = "9000";
        }

        return s;
    }
}

internal static class QemuBackendDefaults
{
    public const long DataDiskBytes = 256L * 1024 * 1024;
    public const string RunRoot = "/tmp/hvcert";
    public const string QemuBinary = "qemu-system-x86_64";
    public const string QemuImg = "qemu-img";
}
