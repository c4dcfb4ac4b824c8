namespace HvCert.Tests.Features.Common;

/// <summary>One judge's foreign-device case: guest steps with a foreign device's capture, host steps, and what the reason must name; or a reviewed exemption.</summary>
internal sealed record ForeignDeviceCase(IReadOnlyList<(int Step, string Stdout)> Steps, string Names, string? Exempt = null,
    IReadOnlyList<(int Step, bool Ok, (string, string)[] Observations)>? HostSteps = null)
{
    public IReadOnlyList<(int Step, bool Ok, (string, string)[] Observations)> Hosts => HostSteps ?? [];
}

/// <summary>
/// Per registered judge (feature/os): the device it judges, fed a real capture of another platform's device behind a real
/// Hyper-V boot log; or why it has no guest device of its own to swap, reviewed one by one. Every judge, exempt or not,
/// also goes through the platform cases in <see cref="ForeignPlatformTests"/>. Sources: the lab inventory is a real
/// KVM/QEMU guest (HvCert lab, Debian 12); the NIC captures are a Vultr KVM guest's virtio_net (xdp-newbies list).
/// </summary>
internal static class ForeignDeviceCases
{
    private static string Lab => Sample.Read("sysfs-inventory/lab-debian12-gen1.txt");

    private static string KvmNic => "== ens3 virtio0 virtio_net\n";

    private static string KvmOffloads => "== driver ens3\n" + Sample.Read("ethtool-i/kvm-vultr-virtio.txt") +
        "== features\ntcp-segmentation-offload: on\ntx-checksumming: on\nrx-checksumming: on\nscatter-gather: on\nlarge-receive-offload: on\n";

    // DERIVED: the lab's data disk (scsi 2:0:0:0 under virtio4, driver virtio_scsi, in the real lab inventory) as DataDisk.Find prints it.
    private static string LabDataDisk => "data_disk=sda\ndata_controller=virtio4 virtio_scsi\n" + Sample.Read("lsblk/lab-debian12-gen1-discard.txt");

    private static readonly (string, string)[] Peer = [("guest_mac", "56:00:02:d8:c4:7b"), ("peer_ip", "192.168.77.1"), ("guest_ip", "192.168.77.10"), ("prefix", "24")];

    private static ForeignDeviceCase Inventory(int step, string names) => new([(step, Lab)], names);

    private static ForeignDeviceCase Exempt(string why) => new([], "", why);

    // Shared reasons, each reviewed for the judges that use it.
    private const string PlatformOnly = "no guest device of its own: the feature is the virtual machine itself (CPU, memory map, firmware), so the platform gate (step 0) is its identity";
    private const string HyperVChannel = "judged through a Hyper-V-only channel: the host acts through its Msvm_* service and the guest side is read from the Hyper-V daemon's own files (hv_kvp_daemon pool, hv_fcopy), which no other platform's device writes; the platform gate names a foreign guest";
    private const string FreeBsdHn0 = "judges the interface hn0 by name: it exists only when hn(4), the Hyper-V synthetic NIC driver, attached it on vmbus0 (a KVM guest has vtnet0, a Xen guest xn0, so every step fails); the platform gate names the hypervisor";
    private const string FreeBsdDevinfo = "judged from devinfo -rv under vmbus0: the offered device must attach there under its Hyper-V driver, a foreign guest has no vmbus0 subtree; no public devinfo -rv of a KVM or Xen FreeBSD guest was found to feed here, so only the platform gate is tested";
    private const string FreeBsdPlatform = "no guest device of its own (CPU, memory, firmware, clock or host-side action), read through FreeBSD's own sysctls; the platform gate is its identity";

    public static IReadOnlyDictionary<string, ForeignDeviceCase> All { get; } = new Dictionary<string, ForeignDeviceCase>
    {
        // Linux: judges that bind a device (sysfs inventory) name the KVM/QEMU device found instead.
        ["core.network-device/linux"] = Inventory(1, "virtio_net on virtio virtio1"),
        ["core.storage-device/linux"] = Inventory(1, "virtio_blk on virtio virtio0"),
        ["core.heartbeat/linux"] = Inventory(1, "virtio_console on virtio virtio2"),
        ["core.shutdown/linux"] = Inventory(1, "virtio_console on virtio virtio2"),
        ["core.time-sync/linux"] = Inventory(1, "virtio_console on virtio virtio2"),
        ["core.accurate-time/linux"] = Inventory(1, "virtio_console on virtio virtio2"),
        ["core.mouse/linux"] = new([(1, Sample.Read("proc-bus-input-devices/hyperv-synthetic-mouse.txt")), (2, Lab)], "psmouse on serio serio1"),
        ["memory.ballooning/linux"] = Inventory(1, "virtio_balloon on virtio virtio5"),
        ["storage.live-backup/linux"] = Inventory(1, "virtio_console on virtio virtio2"),
        ["video.synthetic/linux"] = Inventory(1, "bochs-drm on pci 0000:00:02.0"),
        ["storage.fibre-channel/linux"] = Exempt("the judged device is the virtual HBA's fc_host, compared by the WWPN the Hyper-V host assigned (set A or B): an HBA of another platform cannot carry that WWPN, and with no HBA offered the judge says Not offered"),

        // Linux NIC judges: the NIC under test is identified by driver and bus (NicSelect.Identify's `== IF DEVICE DRIVER` line).
        ["net.vrss/linux"] = new([(3, KvmNic + Sample.Read("ethtool-l/kvm-vultr-virtio-2ch.txt"))], "ens3 (virtio_net on virtio virtio0), a KVM/QEMU virtio device", HostSteps: [(1, true, Peer)]),
        ["net.tso-checksum/linux"] = new([(3, KvmOffloads)], "virtio_net", HostSteps: [(1, true, []), (2, true, Peer)]),
        ["net.lro/linux"] = new([(3, KvmOffloads)], "virtio_net", HostSteps: [(1, true, []), (2, true, Peer)]),
        ["net.jumbo-frames/linux"] = new([(2, KvmNic + "3: ens3: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 9000 qdisc mq state UP\n")], "virtio_net", HostSteps: [(1, true, Peer)]),
        ["net.vlan/linux"] = new([(3, KvmNic + "3: ens3: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc mq state UP\n")], "virtio_net", HostSteps: [(1, true, Peer), (2, true, [])]),
        ["net.sriov/linux"] = new([(2, Sample.Read("lspci/xen-hvm-guest-ixgbevf-k.txt")), (3, ""), (6, "== ens3\n" + Sample.Read("ethtool-i/kvm-vultr-virtio.txt"))], "ens3 (virtio_net)", HostSteps: [(1, true, [])]),
        ["net.live-migration/linux"] = Exempt("judges the guest across the move (same boot_id, ping loss): its device is the whole VM, moved by Msvm_VirtualSystemMigrationService; a libvirt-migrated KVM guest shows the same boot_id, which only the platform gate can refuse"),
        ["net.static-ip/linux"] = Exempt(HyperVChannel),

        // Linux storage judges: the data disk's controller (data_controller= line) must be hv_storvsc on VMBus.
        ["storage.trim/linux"] = new([(1, LabDataDisk)], "virtio_scsi"),
        ["storage.vhdx-resize/linux"] = new([(1, LabDataDisk)], "virtio_scsi"),
        ["storage.scsi-wwn/linux"] = Exempt("compares the name the Hyper-V host assigned (the virtual HBA's WWPN) with the guest's fc_host port_name: a disk or HBA of another platform cannot carry a WWPN the Hyper-V host chose"),

        ["core.multiprocessing/linux"] = Exempt(PlatformOnly),
        ["memory.pae/linux"] = Exempt(PlatformOnly),
        ["memory.mmio-gap/linux"] = Exempt(PlatformOnly),
        ["memory.hot-add/linux"] = Exempt("memory added by the host is judged by MemTotal and the memory blocks it brings; the adding device is the VM's memory, so the platform gate is its identity (hv_balloon's hot-add is not named separately)"),
        ["memory.runtime-resize/linux"] = Exempt("as memory.hot-add: the VM's assigned memory, judged by MemTotal near the host's request; the platform gate is its identity"),
        ["gen2.uefi/linux"] = Exempt(PlatformOnly),
        ["gen2.secure-boot/linux"] = Exempt(PlatformOnly),
        ["misc.nmi/linux"] = Exempt("an NMI is a CPU event injected by the host (Msvm_ComputerSystem.InjectNonMaskableInterrupt), judged by the kernel's line inside the injection window; no guest device, the platform gate is its identity"),
        ["misc.kvp/linux"] = Exempt(HyperVChannel),
        ["misc.file-copy/linux"] = Exempt(HyperVChannel),
        ["misc.lsvmbus/linux"] = Exempt("the device list itself is the feature: lsvmbus lists VMBus devices only, compared class by class with the host's offer list; a guest without VMBus lists nothing"),
        ["misc.hv-sockets/linux"] = Exempt("judged by hv_sock registered and a payload echoed over AF_VSOCK from the Hyper-V host's AF_HYPERV connect; a virtio-vsock guest is never reached by that connect; the platform gate names it"),
        ["misc.pci-passthrough/linux"] = Exempt("the assigned device is a real PCI function (any vendor); what must be Hyper-V's is the path: a non-zero PCI domain behind hv_pci, which the judge requires"),

        // FreeBSD
        ["core.network-device/freebsd"] = Exempt(FreeBsdDevinfo),
        ["core.storage-device/freebsd"] = Exempt(FreeBsdDevinfo),
        ["core.heartbeat/freebsd"] = Exempt(FreeBsdDevinfo),
        ["core.shutdown/freebsd"] = Exempt(FreeBsdDevinfo),
        ["core.mouse/freebsd"] = Exempt(FreeBsdDevinfo),
        ["video.synthetic/freebsd"] = Exempt(FreeBsdDevinfo),
        ["misc.lsvmbus/freebsd"] = Exempt(FreeBsdDevinfo),
        ["misc.pci-passthrough/freebsd"] = Exempt(FreeBsdDevinfo),
        ["memory.mmio-gap/freebsd"] = Exempt(FreeBsdDevinfo),
        ["net.jumbo-frames/freebsd"] = new([(4, "vtnet0: flags=8843<UP,BROADCAST,RUNNING,SIMPLEX,MULTICAST> metric 0 mtu 9000\n"), (5, "")], "vtnet0, a KVM/QEMU virtio device", HostSteps: [(3, true, Peer)]),
        ["net.vlan/freebsd"] = Exempt(FreeBsdHn0 + " (its NIC check names vtnet/xn when the interface is given, unit-tested in FreeBsdHyperVSettingsTests)"),
        ["net.lro/freebsd"] = Exempt(FreeBsdHn0),
        ["net.tso-checksum/freebsd"] = Exempt(FreeBsdHn0),
        ["net.vrss/freebsd"] = Exempt(FreeBsdHn0),
        ["net.sriov/freebsd"] = Exempt(FreeBsdHn0),
        ["net.static-ip/freebsd"] = Exempt(FreeBsdHn0),
        ["net.live-migration/freebsd"] = Exempt(FreeBsdHn0),
        ["core.time-sync/freebsd"] = Exempt(FreeBsdPlatform),
        ["core.accurate-time/freebsd"] = Exempt(FreeBsdPlatform),
        ["core.multiprocessing/freebsd"] = Exempt(FreeBsdPlatform),
        ["memory.pae/freebsd"] = Exempt(FreeBsdPlatform),
        ["memory.hot-add/freebsd"] = Exempt(FreeBsdPlatform),
        ["memory.ballooning/freebsd"] = Exempt(FreeBsdPlatform),
        ["memory.runtime-resize/freebsd"] = Exempt(FreeBsdPlatform),
        ["gen2.uefi/freebsd"] = Exempt(FreeBsdPlatform),
        ["gen2.secure-boot/freebsd"] = Exempt(FreeBsdPlatform),
        ["misc.nmi/freebsd"] = Exempt(FreeBsdPlatform),
        ["misc.kvp/freebsd"] = Exempt(HyperVChannel),
        ["misc.file-copy/freebsd"] = Exempt(HyperVChannel),
        ["misc.hv-sockets/freebsd"] = Exempt("judged by the hvsock attach and a payload echoed from the Hyper-V host's AF_HYPERV connect; the platform gate names a foreign guest"),
        ["storage.fibre-channel/freebsd"] = Exempt("compares the WWPN the Hyper-V host assigned with the guest's; no HBA of another platform carries it"),
        ["storage.live-backup/freebsd"] = Exempt("judged by hv_vss_daemon answering the host's backup; the daemon runs only against the Hyper-V VSS channel; the platform gate names a foreign guest"),
        ["storage.scsi-wwn/freebsd"] = Exempt("compares the WWN the Hyper-V host assigned with camcontrol's; a foreign disk cannot carry it"),
        ["storage.trim/freebsd"] = Exempt("judged on da1's CANDELETE flag and the host's allocation shrinking; FreeBSD names no controller driver here (storvsc vs vtscsi not read), so only the platform gate stands between a foreign disk and a pass"),
        ["storage.vhdx-resize/freebsd"] = Exempt("judged on da1's size following the Hyper-V host's resize; the controller driver is not read, the platform gate is its identity"),
    };
}
