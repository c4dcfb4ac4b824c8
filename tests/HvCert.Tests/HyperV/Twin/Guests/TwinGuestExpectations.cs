using HvCert.Probes;
using static HvCert.Probes.VerdictKind;

namespace HvCert.Tests.HyperV.Twin.Guests;

/// <summary>
/// What each feature's Gen2 cell must show on the twin (2025 host), per guest, and why: what the twin host offers (ICs, NICs,
/// HBA, Dynamic Memory, no MMIO gap setting, a one-device DDA pool, no AF_HYPERV from a remote runner) and what the guest's
/// captures show (Samples/, first lines name the sources).
/// </summary>
internal static class TwinGuestExpectations
{
    private const string HostGap = "host side still a twin gap (#13 item 1): the guest side answers once the host works";

    public static readonly IReadOnlyDictionary<string, Expect> Linux = new Dictionary<string, Expect>
    {
        ["core.accurate-time"] = new(SupportedWithCaveat, "chrony bounds the error", "a 20 ms SSH round trip cannot bound 1 ms; chrony's PHC0 (the hyperv PTP clock the TimeSync IC brings) stands in"),
        ["core.heartbeat"] = new(Supported, "bound to hv_utils", "Heartbeat IC enabled; hv_utils binds it"),
        ["core.mouse"] = new(Supported, "absolute events", "hid_hyperv mouse (real /proc/bus/input/devices) gets EV_ABS events for the host's SetAbsolutePosition"),
        ["core.multiprocessing"] = new(Supported, "CPU hot-add not exercised", "2 vCPUs online; Hyper-V has no CPU hot-add"),
        ["core.network-device"] = new(Supported, "hv_netvsc, link up", "synthetic NIC bound to hv_netvsc (ethtool -i capture)"),
        ["core.shutdown"] = new([SupportedWithCaveat, Supported], "no serial console output", "clean power-off, but the twin host captures no serial console (host side)"),
        ["core.storage-device"] = new(Supported, "Msft Virtual Disk", "SCSI controller bound to hv_storvsc, disks report Msft Virtual Disk"),
        ["core.time-sync"] = new(Supported, "brought the guest clock back", "re-enabling the TimeSync IC pushes the host clock (hv_utils ICTIMESYNCFLAG_SYNC)"),
        ["gen2.secure-boot"] = new(Supported, "mokutil --sb-state: enabled", "Gen2 with Secure Boot on in the twin's VSSD"),
        ["gen2.uefi"] = new(Supported, "booted through UEFI", "Gen2 firmware"),
        ["memory.ballooning"] = new(Supported, "MemTotal −256 MiB", "Dynamic Memory: the minimum moved below startup is taken back (the twin's balancer model)"),
        ["memory.hot-add"] = new(Supported, "(+512 MiB)", "Dynamic Memory: the 512 MiB of room the host added is given to the guest"),
        ["memory.mmio-gap"] = new(NotOffered, "no mmio.low_gap_mb", "the backend configures no low MMIO gap"),
        ["memory.pae"] = new(NotApplicable, "64-bit kernel", "x86_64 Debian kernel"),
        ["memory.runtime-resize"] = new(NotOffered, "'memory: dynamic'", "runtime resize is for static memory; the inventory uses Dynamic Memory"),
        ["misc.file-copy"] = new(Supported, "matches", "Guest Services on; the copied file's SHA-256 matches"),
        ["misc.hv-sockets"] = new(NotOffered, "only from the Hyper-V host itself", "AF_HYPERV needs hvcert on the host"),
        ["misc.kvp"] = new(Supported, "the host reads the guest's name", "pool 0 holds the host's item; the host reads the guest's FQDN from the intrinsic pool"),
        ["misc.lsvmbus"] = new(Supported, "lists all 13 offered", "lsvmbus -vv lists every class the twin offered"),
        ["misc.nmi"] = new(Supported, "inside the injection window", "the guest logs the NMI when it next runs"),
        ["misc.pci-passthrough"] = new(Supported, "[15b3:1015]", "the dda_pool device (ConnectX-4 Lx) sits on the hv_pci domain bound to mlx5_core; each VM gives it back at teardown, so every cell gets it"),
        ["net.jumbo-frames"] = new(Supported, "MTU 9000 on both ends", "peer VM on the same switch; the DF ping fails once the peer is at 1500"),
        ["net.live-migration"] = new([Error, Supported], "RemoveResourceSettings", HostGap),
        ["net.lro"] = new(NotSupported, "large-receive-offload off [fixed]", "the Azure hv_netvsc ethtool -k capture shows LRO off [fixed]"),
        ["net.sriov"] = new(Supported, "traffic through the VF", "the IOV switch pairs an mlx5 VF with the NIC (Azure lspci/dmesg captures); netvsc enslaves it and counts its traffic"),
        ["net.static-ip"] = new(Supported, "192.0.2.77/24 is on eth0", "the host's KVP injection is applied by hv_set_ifconfig"),
        ["net.tso-checksum"] = new(Supported, "TSO, TX/RX checksum, SG on", "ethtool -k capture plus netvsc's TSO"),
        ["net.vlan"] = new(Supported, "guest 802.1Q interface hvv100", "trunk port carries VLAN 100 to the peer's access port"),
        ["net.vrss"] = new(Supported, "receive work on CPUs 0,1", "2 channels; flows spread over both rx queues whose channels target CPUs 0 and 1"),
        ["storage.fibre-channel"] = new(Supported, "matches the host's WWPN and is Online", "storvsc fc_host carries the WWPN the twin assigned"),
        ["storage.live-backup"] = new(Supported, "froze and thawed", "VSS IC on; hv_vss_daemon logs FREEZE/THAW for the checkpoint"),
        ["storage.scsi-wwn"] = new(Supported, "fc_host", "the HBA's port WWN is read back"),
        ["storage.trim"] = new(Supported, "host allocation", "fstrim gives the deleted 64 MiB back to the VHDX"),
        ["storage.vhdx-resize"] = new(Supported, "grew from 1073741824 to 1140850688", "the twin's VHDX grew by 64 MiB while running"),
        ["video.synthetic"] = new(Supported, "hyperv_drm", "synthetic video bound to hyperv_drm at the host's resolution"),
    };

    public static IReadOnlyDictionary<string, Expect> FreeBsd(int release) => new Dictionary<string, Expect>
    {
        ["core.accurate-time"] = new(SupportedWithCaveat, "IC-level only", "FreeBSD has no Hyper-V PTP clock"),
        ["core.heartbeat"] = new(Supported, "hvheartbeat0", "devinfo capture"),
        ["core.mouse"] = release >= 14
            ? new(Supported, "hvhid0", "FreeBSD 14 binds the synthetic mouse to hvhid(4) (synthetic tree, see its sample)")
            : new(NotSupported, "expected hvhid", "the FreeBSD 13.0 capture has no driver for the mouse"),
        ["core.multiprocessing"] = new(Supported, "hw.ncpu 2 = 2", "two vCPUs"),
        ["core.network-device"] = new(Supported, "attached to hn0", "devinfo and ifconfig captures"),
        ["core.shutdown"] = new(Supported, "hvshutdown0", "devinfo capture"),
        ["core.storage-device"] = new(Supported, "storvsc0", "devinfo capture"),
        ["core.time-sync"] = new(Supported, "brought the guest clock back", "the TimeSync push resets the skewed clock; whole-second date gives ±500 ms"),
        ["gen2.secure-boot"] = new(Skipped, "turns Secure Boot off", "the matrix's FreeBSD targets set secure_boot: false"),
        ["gen2.uefi"] = new(Supported, "UEFI", "Gen2"),
        ["memory.ballooning"] = new(NotSupported, "FreeBSD has no driver", "no balloon driver in the capture's tree"),
        ["memory.hot-add"] = new(NotSupported, "FreeBSD has no driver", "no Dynamic Memory driver in the capture's tree"),
        ["memory.mmio-gap"] = new(NotOffered, "no low MMIO gap", "the host configured none (was Not supported before the judge fix)"),
        ["memory.pae"] = new(NotApplicable, "32-bit Linux kernel variant", "PAE is a Linux row"),
        ["memory.runtime-resize"] = new(NotOffered, "'memory: dynamic'", "Dynamic Memory inventory"),
        ["misc.file-copy"] = new(NotSupported, "FreeBSD has no driver", "the Guest Services device stays unknown in the capture's tree"),
        ["misc.hv-sockets"] = new(NotOffered, "only from the Hyper-V host itself", "AF_HYPERV needs hvcert on the host"),
        ["misc.kvp"] = new(Supported, "read in pool 0", "pool 0 holds the host's item; the host reads the guest's intrinsic items"),
        ["misc.lsvmbus"] = new(NotSupported, "no lsvmbus command on FreeBSD", "FreeBSD has no lsvmbus (exit 127 is its true answer)"),
        ["misc.nmi"] = new(Supported, "NMI lines", "the NMI reaches the kernel log"),
        ["misc.pci-passthrough"] = new(NotSupported, "no VMBus PCI bridge appeared", "the device is assigned, but the captured FreeBSD trees have no vmbus_pcib child (no public capture of FreeBSD DDA)"),
        ["net.jumbo-frames"] = new(Supported, "failed once the peer was at 1500", "peer VM on the same switch"),
        ["net.live-migration"] = new([Error, Supported], "RemoveResourceSettings", HostGap),
        ["net.lro"] = new(Supported, "options include LRO", "ifconfig hn0 capture lists LRO"),
        ["net.sriov"] = new(NotSupported, "names none", "no public capture of FreeBSD's hn(4) VF pairing (dev.hn.N.vf, mce(4)): the scripted FreeBSD guest shows no VF"),
        ["net.static-ip"] = new(Supported, "192.0.2.77 injected by the host is on hn0", "hv_kvp_daemon applies the injection"),
        ["net.tso-checksum"] = new(Supported, "RXCSUM,TXCSUM,TSO4", "ifconfig hn0 capture"),
        ["net.vlan"] = new(Supported, "ping over vlan100", "vlan(4) on hn1 through the trunk port to the peer"),
        ["net.vrss"] = new(SupportedWithCaveat, "only 1 carried packets", "2 rings, but the FreeBSD probe makes no multi-flow load: only ring 0 (SSH) carries packets"),
        ["storage.fibre-channel"] = new(NotSupported, "no guest sysctl or CAM line", "FreeBSD's storvsc publishes no port WWN"),
        ["storage.live-backup"] = new(Supported, "hvvss0", "devinfo capture"),
        ["storage.scsi-wwn"] = new(NotSupported, "lunid absent", "a VHDX LUN carries no NAA id the host assigned"),
        ["storage.trim"] = new(Supported, "CANDELETE", "sysctl capture shows CANDELETE; trim gives the range back to the VHDX"),
        ["storage.vhdx-resize"] = new(Supported, "1140850688", "the twin's VHDX grew by 64 MiB while running"),
        ["video.synthetic"] = new(NotApplicable, "no synthetic video driver", "not a FreeBSD row"),
    };
}

/// <summary>An expected cell: the verdict kinds allowed (the first is today's), a fragment its reason must hold, and why.</summary>
public sealed record Expect(VerdictKind[] Kinds, string? Reason, string Why)
{
    public Expect(VerdictKind kind, string reason, string why) : this([kind], reason, why)
    {
    }
}
