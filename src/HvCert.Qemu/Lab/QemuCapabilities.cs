using HvCert.Catalog;
using HvCert.Hosts;

namespace HvCert.Qemu.Lab;

/// <summary>The facets the lab offers on this host, each decided from <see cref="HostDetection"/>, with the reason for each one it lacks.</summary>
internal static class QemuCapabilities
{
    public static readonly IReadOnlySet<VmFault> Expressible = new HashSet<VmFault>
    {
        VmFault.PeerMtu1500, VmFault.NoBalloonDevice, VmFault.NoGuestAgent, VmFault.DiscardIgnored, VmFault.SingleQueueNic,
        VmFault.SecureBootOff, VmFault.NoMemoryHotplugSlots, VmFault.NoWwn, VmFault.NoMouseDevice, VmFault.NoVideoDevice,
        VmFault.SingleCpu, VmFault.OffloadsDisabled, VmFault.GuestClockSkewed, VmFault.NoKeyValueChannel,
        VmFault.PeerVlanMismatch, VmFault.NoMmioGapSetting, VmFault.HeartbeatStopped, VmFault.MigrationTargetRefuses,
        VmFault.StorageDriverBlocked, VmFault.NicDriverBlocked, VmFault.ShutdownIgnored, // set in the guest (GuestFaults)
        VmFault.BiosFirmware, VmFault.MemoryAtMost3Gib,
    };

    /// <summary>Detects this host and decides (a few short tool runs; for planning, where no VM is started).</summary>
    public static BackendCapabilities Detect() => From(HostDetection.DetectAsync(CancellationToken.None).GetAwaiter().GetResult());

    public static BackendCapabilities From(HostDetection host)
    {
        var offered = new HashSet<Facet>();
        var why = new Dictionary<Facet, string>();
        void Decide(Facet facet, string? missing)
        {
            if (missing is null)
            {
                offered.Add(facet);
            }
            else
            {
                why[facet] = missing;
            }
        }

        var noQemu = host.QemuPresent ? null : "qemu-system-x86_64 is not installed (run 'hvcert lab install-deps')";
        string? Device(string name) => noQemu ?? (host.Has(name) ? null : $"this QEMU ({host.QemuVersion}) has no {name} device");
        foreach (var facet in new[] { Facet.Shutdown, Facet.CpuHotAdd, Facet.Nmi, Facet.MemoryHotAdd, Facet.DiskResize, Facet.DiskAllocation,
                     Facet.Backup, Facet.LiveMigration, Facet.DeviceBus, Facet.MmioGap, Facet.NicOffloads })
        {
            Decide(facet, noQemu);
        }

        Decide(Facet.ScsiWwn, Device("scsi-hd"));
        Decide(Facet.Balloon, Device("virtio-balloon-pci"));
        Decide(Facet.RuntimeMemoryResize, Device("virtio-mem-pci"));
        Decide(Facet.Mouse, Device("virtio-tablet-pci"));
        Decide(Facet.Video, Device("bochs-display"));
        foreach (var facet in new[] { Facet.Heartbeat, Facet.TimeSync, Facet.FileCopy })
        {
            Decide(facet, Device("virtserialport"));
        }

        // No QEMU mechanism makes the guest do its own part of these three; a stand-in would be Supported by construction.
        Decide(Facet.KeyValueExchange, NoGuestPart.KeyValueExchange);
        Decide(Facet.StaticIpInjection, NoGuestPart.StaticIpInjection);
        Decide(Facet.VmBus, NoGuestPart.VmBus);

        Decide(Facet.HostTimeReference, noQemu ?? (host.NtpServerOnHost ? null
            : "no host clock reaches the guest: Hyper-V's is the TimeSync IC's hyperv PTP clock, QEMU's counterpart (ptp_kvm) needs KVM, "
              + "and no NTP server answers on this host's 127.0.0.1:123 (the guest's chrony source 10.0.2.2); SSH round trips under TCG "
              + "(60-300 ms) cannot bound a 1 ms offset by themselves. Run chronyd on the host with 'allow 127.0.0.1' to offer it"));
        var firmware = noQemu ?? (host.OvmfPresent ? null : $"OVMF is not installed ({FirmwareFiles.Debian.Code}); run 'hvcert lab install-deps'");
        Decide(Facet.Uefi, firmware);
        Decide(Facet.SecureBoot, firmware);
        var network = noQemu ?? (host.CanBuildNamespaces ? null
            : "needs root, /dev/net/tun and iproute2 to build the run's network namespace with a tap (multiqueue and MTU 9000 need a tap); "
              + "the rootless -netdev socket link between two VMs is not implemented");
        foreach (var facet in new[] { Facet.NetworkPeer, Facet.MultiQueueNic })
        {
            Decide(facet, network);
        }

        Decide(Facet.Vlan, network ?? (host.VlanLinks ? null
            : "the host kernel cannot create 802.1Q links (no 8021q; bridge VLAN filtering unsupported), so the run's namespace has no VLAN peer"));

        Decide(Facet.HostSockets, host.VhostVsockPresent
            ? "/dev/vhost-vsock is present, but the QEMU backend does not implement the vhost-vsock facet yet"
            : "the host kernel has no /dev/vhost-vsock, so vhost-vsock-pci cannot start (a virtio-serial port is not a socket family)");
        Decide(Facet.PciPassthrough, host.VfioPresent
            ? "/dev/vfio exists, but the lab does not assign host PCI devices (it would take a device away from the host)"
            : "no IOMMU and no /dev/vfio on this host: vfio-pci passthrough is impossible");
        Decide(Facet.SrIov, host.QemuMajor >= 10 && host.Has("igb")
            ? "QEMU's igb NIC could expose SR-IOV virtual functions, but the lab does not wire it up yet"
            : $"QEMU {host.QemuVersion ?? "(absent)"} has no SR-IOV capable device; bookworm-backports' QEMU 10 emulates igb with SR-IOV VFs");
        Decide(Facet.FibreChannel, "QEMU has no virtual Fibre Channel adapter");
        Decide(Facet.Pae, "the lab builds 64-bit images only; a 32-bit 686-pae guest image is not built");
        return new BackendCapabilities(BackendKind.Qemu, offered, why, Expressible);
    }
}

/// <summary>
/// Why the lab does not offer the three facets whose guest part QEMU cannot exercise. Each stand-in the lab used to run
/// ended in a check of what the host itself had just done, so it could not fail for the guest's reasons.
/// </summary>
internal static class NoGuestPart
{
    public const string KeyValueExchange =
        "QEMU has no KVP channel: on Hyper-V the guest's own KVP daemon (hv_kvp_daemon) exchanges the items over VMBus. The lab's only "
        + "host-to-guest data path is the QEMU guest agent, and an item the host writes through the agent and reads back proves the agent, "
        + "not any guest KVP support (it would be Supported by construction)";

    public const string StaticIpInjection =
        "QEMU has no static IP injection: on Hyper-V the host hands the address to the guest's KVP daemon, which configures the NIC itself "
        + "(hv_set_ifconfig). The lab could only run 'ip addr add' through the guest agent and then find the address it set, which says "
        + "nothing about the guest (it would be Supported by construction)";

    public const string VmBus =
        "QEMU has no VMBus, so lsvmbus has nothing to list; comparing the guest's lspci with QEMU's own query-pci only shows that QEMU "
        + "built the PCI bus it was asked to build (it would be Supported by construction)";
}

