namespace HvCert.Reporting;

/// <summary>
/// What the QEMU lab tests in place of each Hyper-V feature: the stand-in device or mechanism a lab report names per
/// row, so no lab cell reads as a Hyper-V result. It mirrors the lab's device profile and facets
/// (src/HvCert.Qemu/Lab/DeviceProfile.cs, Facets/); tests/HvCert.Tests/Qemu checks the named devices against the
/// command line the lab really builds.
/// </summary>
public static class LabStandIns
{
    public const string NotOffered = "nothing (not offered on the lab)";

    private static readonly Dictionary<string, string> ByFeature = new(StringComparer.Ordinal)
    {
        ["core.shutdown"] = "ACPI power button (QMP system_powerdown)",
        ["core.time-sync"] = "qemu-guest-agent guest-set-time over virtio-serial, for the TimeSync IC (hv_utils)",
        ["core.accurate-time"] = "chrony against an NTP server on the host, for the hyperv PTP clock",
        ["core.multiprocessing"] = "vCPU hot-add (QMP device_add)",
        ["core.heartbeat"] = "qemu-guest-agent guest-ping over virtio-serial, for the Heartbeat IC (hv_utils)",
        ["core.mouse"] = "virtio-tablet-pci (virtio_input), for hyperv_mouse / hid_hyperv",
        ["core.storage-device"] = "virtio-scsi-pci (virtio_scsi), for storvsc",
        ["core.network-device"] = "virtio-net-pci (virtio_net), for the synthetic NIC (hv_netvsc)",
        ["net.jumbo-frames"] = "virtio-net-pci on a tap at MTU 9000, for hv_netvsc",
        ["net.vlan"] = "virtio-net-pci with an 802.1Q peer in the run's namespace, for hv_netvsc",
        ["net.live-migration"] = "QEMU live migration to a second QEMU process",
        ["net.static-ip"] = NotOffered,
        ["net.vrss"] = "multiqueue virtio-net-pci on a multiqueue tap, for hv_netvsc's channels",
        ["net.tso-checksum"] = "virtio-net-pci offloads (csum, host_tso4, guest_tso4), for hv_netvsc",
        ["net.lro"] = "virtio-net-pci receive offloads, for hv_netvsc",
        ["net.sriov"] = NotOffered,
        ["storage.vhdx-resize"] = "qcow2 data disk on virtio-scsi-pci grown with QMP block_resize, for a VHDX on storvsc",
        ["storage.fibre-channel"] = NotOffered,
        ["storage.live-backup"] = "QMP drive-backup with qemu-guest-agent fsfreeze, for VSS (hv_vss_daemon)",
        ["storage.trim"] = "scsi-hd with discard=unmap on virtio-scsi-pci, for storvsc",
        ["storage.scsi-wwn"] = "scsi-hd wwn= on virtio-scsi-pci, for storvsc",
        ["memory.pae"] = NotOffered,
        ["memory.mmio-gap"] = "QEMU max-ram-below-4g, for the Hyper-V MMIO gap setting",
        ["memory.hot-add"] = "pc-dimm hot-plug (QMP device_add), for hv_balloon hot-add",
        ["memory.ballooning"] = "virtio-balloon-pci (virtio_balloon), for hv_balloon",
        ["memory.runtime-resize"] = "virtio-mem-pci (virtio_mem), for runtime memory resize",
        ["video.synthetic"] = "bochs-display (bochs-drm), for hyperv_drm / hyperv_fb",
        ["misc.kvp"] = NotOffered,
        ["misc.nmi"] = "QMP inject-nmi",
        ["misc.file-copy"] = "qemu-guest-agent guest-file-write over virtio-serial, for hv_fcopy_daemon",
        ["misc.lsvmbus"] = NotOffered,
        ["misc.hv-sockets"] = "vhost-vsock-pci (AF_VSOCK), for hv_sock, when the host has /dev/vhost-vsock",
        ["misc.pci-passthrough"] = "vfio-pci, for DDA (pci-hyperv), when the host has an IOMMU",
        ["gen2.uefi"] = "OVMF on q35, for the Generation 2 UEFI firmware",
        ["gen2.secure-boot"] = "OVMF with Microsoft's keys (OVMF_VARS_4M.ms.fd), for Hyper-V Secure Boot",
    };

    /// <summary>The stand-in for a feature id; an id the table does not know says so rather than leaving the row unexplained.</summary>
    public static string For(string featureId) => ByFeature.GetValueOrDefault(featureId, "not described (feature unknown to this HvCert)");

    public static IEnumerable<string> FeatureIds => ByFeature.Keys;
}
