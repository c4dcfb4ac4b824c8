using HvCert.Features.Storage.FibreChannel;
using HvCert.Features.Storage.LiveBackup;
using HvCert.Features.Storage.ScsiWwn;
using HvCert.Features.Storage.Trim;
using HvCert.Features.Storage.VhdxResize;
using HvCert.Hosts;
using HvCert.Probes;

namespace HvCert.Tests.Features;

public sealed class StorageJudgesTests
{
    private const string Gen1 = "lab-debian12-gen1";

    // Under Hyper-V the lab's lsblk discard form stands for the same form on a storvsc disk: the controller line says which.
    private static FeatbEvidence Trim(BackendKind backend, long full, long trimmed) =>
        new FeatbEvidence(backend, "storage.trim")
            .Out(TrimProbe.Discard, (backend == BackendKind.HyperV ? StorvscController : "") + HvCert.Tests.Guests.Tools.Linux.LinuxSamples.Read("lsblk", Gen1 + "-discard"))
            .Out(TrimProbe.Fill, "data_disk=sda\nfilled\n")
            .Host(TrimProbe.AllocatedFull, true, ("allocated_bytes", full.ToString()))
            .Sample(TrimProbe.Fstrim, "fstrim", Gen1).Host(TrimProbe.AllocatedTrimmed, true, ("allocated_bytes", trimmed.ToString()));

    [Fact]
    public void Trim_LabImageShrank_Supported()
    {
        var v = Trim(BackendKind.Qemu, LabNumbers.AllocFull, LabNumbers.AllocTrimmed).Judge();
        Assert.Equal(VerdictKind.Supported, v.Kind);
        Assert.Contains("fstrim trimmed", v.Reason);
    }

    [Fact]
    public void Trim_NegativeDiscardIgnored_ImageKeepsSize_NotSupported()
    {
        var v = Trim(BackendKind.Qemu, LabNumbers.AllocFull, LabNumbers.AllocFull).Judge();
        Assert.Equal(VerdictKind.NotSupported, v.Kind);
        Assert.Contains("did not give back", v.Reason);
    }

    [Fact]
    public void Trim_NoDiscardAdvertised_NotSupported()
    {
        var v = FeatbEvidence.HyperV("storage.trim").Out(TrimProbe.Discard, "data_disk=sdb\n" + StorvscController + "NAME=\"sdb\" DISC-GRAN=\"0\" DISC-MAX=\"0\"\n").Judge();
        Assert.Equal(VerdictKind.NotSupported, v.Kind);
    }

    [Fact]
    public void Trim_HostHasNoAllocationFacet_NotOffered()
    {
        var v = FeatbEvidence.Qemu("storage.trim").Sample(TrimProbe.Discard, "lsblk", Gen1 + "-discard").Out(TrimProbe.Fill, "filled\n")
            .NotOffered(TrimProbe.AllocatedFull, "no disk allocation facet").Judge();
        Assert.Equal(VerdictKind.NotOffered, v.Kind);
    }

    // The `data_controller=` line is DataDisk.Find's own output: the controller's sysfs name and driver. The Hyper-V one
    // names the SCSI controller instance of the real Azure lsvmbus -vv capture; virtio4/virtio_scsi is the lab's (sysfs inventory).
    private const string StorvscController = "data_controller=f8b3781a-1e82-4818-a1c3-63d806ec15bb hv_storvsc\n";

    [Fact]
    public void Trim_LabVirtioScsiDiskUnderHyperV_NotSupportedNamingTheController()
    {
        var discard = "data_controller=virtio4 virtio_scsi\n" + HvCert.Tests.Guests.Tools.Linux.LinuxSamples.Read("lsblk", Gen1 + "-discard");
        var v = FeatbEvidence.HyperV("storage.trim").Out(TrimProbe.Discard, discard).Out(TrimProbe.Fill, "filled\n").Judge();
        Assert.Equal(VerdictKind.NotSupported, v.Kind);
        Assert.Contains("virtio_scsi on virtio virtio4), a KVM/QEMU virtio device", v.Reason);
    }

    [Fact]
    public void Trim_HyperVWithoutControllerLine_ErrorNotAVerdictOnAnUnknownDisk()
    {
        var v = FeatbEvidence.HyperV("storage.trim").Sample(TrimProbe.Discard, "lsblk", Gen1 + "-discard").Judge();
        Assert.Equal(VerdictKind.Error, v.Kind);
    }

    [Fact]
    public void VhdxResize_LabGrew64MiB_Supported()
    {
        var v = FeatbEvidence.Qemu("storage.vhdx-resize").Sample(VhdxResizeProbe.Before, "lsblk", Gen1 + "-size")
            .Host(VhdxResizeProbe.DiskSize, true, ("data_bytes", "268435456")).Host(VhdxResizeProbe.Grow, true, ("old_bytes", "268435456"), ("new_bytes", "335544320"))
            .Sample(VhdxResizeProbe.After, "lsblk", Gen1 + "-resized").Sample(VhdxResizeProbe.KernelLog, "dmesg", Gen1 + "-capacity-change").Judge();
        Assert.Equal(VerdictKind.Supported, v.Kind);
        Assert.Contains("capacity change", v.Reason);
    }

    [Fact]
    public void VhdxResize_NegativeResizeFrozen_NotSupported()
    {
        var v = FeatbEvidence.Qemu("storage.vhdx-resize").Sample(VhdxResizeProbe.Before, "lsblk", Gen1 + "-size")
            .Host(VhdxResizeProbe.DiskSize, true, ("data_bytes", "268435456")).Host(VhdxResizeProbe.Grow, true, ("new_bytes", "335544320"))
            .Sample(VhdxResizeProbe.After, "lsblk", Gen1 + "-size").Out(VhdxResizeProbe.KernelLog, "", 1).Judge();
        Assert.Equal(VerdictKind.NotSupported, v.Kind);
    }

    [Fact]
    public void ScsiWwn_LabWwnLinkAndNaa_Supported()
    {
        var v = FeatbEvidence.Qemu("storage.scsi-wwn").Host(ScsiWwnProbe.Assigned, true, ("wwn", "0x5000c500a1b2c3d4"))
            .Sample(ScsiWwnProbe.ById, "disk-by-id", Gen1).Sample(ScsiWwnProbe.Wwid, "wwid", Gen1).Sample(ScsiWwnProbe.Vpd, "sg-inq-vpd83", Gen1).Judge();
        Assert.Equal(VerdictKind.Supported, v.Kind);
        Assert.Contains("wwn-0x5000c500a1b2c3d4", v.Reason);
    }

    [Fact]
    public void ScsiWwn_HostAssignedOtherWwn_NotSupported()
    {
        var v = FeatbEvidence.HyperV("storage.scsi-wwn").Host(ScsiWwnProbe.Assigned, true, ("wwn", "60022480f48d294f40f18727df9a6349"))
            .Sample(ScsiWwnProbe.ById, "disk-by-id", Gen1).Sample(ScsiWwnProbe.Wwid, "wwid", Gen1).Judge();
        Assert.Equal(VerdictKind.NotSupported, v.Kind);
    }

    [Fact]
    public void ScsiWwn_HyperVHbaPortNameFromSetB_Supported()
    {
        var v = FeatbEvidence.HyperV("storage.scsi-wwn").Host(ScsiWwnProbe.Assigned, true, ("wwn", "C003FF4D2B4A0000,C003FF4D2B4A0001"))
            .Sample(ScsiWwnProbe.ById, "disk-by-id", Gen1)
            .Out(ScsiWwnProbe.FcPorts, "/sys/class/fc_host/host3/port_name:0xc003ff4d2b4a0001\n/sys/class/fc_host/host3/node_name:0xc003ff0000ffff00\n").Judge();
        Assert.Equal(VerdictKind.Supported, v.Kind);
        Assert.Contains("host3/port_name 0xc003ff4d2b4a0001", v.Reason);
    }

    [Fact]
    public void ScsiWwn_HyperVHbaPortNameOfAnotherVm_NotSupported()
    {
        var v = FeatbEvidence.HyperV("storage.scsi-wwn").Host(ScsiWwnProbe.Assigned, true, ("wwn", "C003FF4D2B4A0000,C003FF4D2B4A0001"))
            .Sample(ScsiWwnProbe.ById, "disk-by-id", Gen1)
            .Out(ScsiWwnProbe.FcPorts, "/sys/class/fc_host/host3/port_name:0xc003ff4d2b4a0100\n").Judge();
        Assert.Equal(VerdictKind.NotSupported, v.Kind);
    }

    [Fact]
    public void ScsiWwn_NegativeNoWwn_NotOffered() =>
        Assert.Equal(VerdictKind.NotOffered, FeatbEvidence.Qemu("storage.scsi-wwn").NotOffered(ScsiWwnProbe.Assigned, "the host configured no disk.wwn on this VM").Judge().Kind);

    /// <summary>As the QEMU backend's device profile offers it: the guest agent's virtio-serial port carries the backup role.</summary>
    private static FeatbEvidence LabBackup() =>
        FeatbEvidence.Qemu("storage.live-backup").Offer(new OfferedDevice(DeviceRole.Backup, "virtserialport org.qemu.guest_agent.0", ["virtio_console"], "1af4:1003"));

    [Fact]
    public void LiveBackup_LabAgentFrozeAndThawed_Supported()
    {
        var v = LabBackup().Sample(LiveBackupProbe.Inventory, "sysfs-inventory", Gen1)
            .Host(LiveBackupProbe.Backup, true, ("consistent", "true"), ("frozen", "true"), ("bytes", "1048576"))
            .Sample(LiveBackupProbe.Journal, "journal-freeze", Gen1).Out(LiveBackupProbe.Writable, "writable\n").Judge();
        Assert.Equal(VerdictKind.Supported, v.Kind);
        Assert.Contains("qemu-ga", v.Reason);
    }

    [Fact]
    public void LiveBackup_LabNoFreezeLine_NotSupported()
    {
        var v = LabBackup().Sample(LiveBackupProbe.Inventory, "sysfs-inventory", Gen1)
            .Host(LiveBackupProbe.Backup, true, ("consistent", "true"), ("frozen", "true")).Out(LiveBackupProbe.Journal, "", 1)
            .Out(LiveBackupProbe.Writable, "writable\n").Judge();
        Assert.Equal(VerdictKind.NotSupported, v.Kind);
    }

    [Fact]
    public void LiveBackup_NegativeNoGuestAgent_NotOffered()
    {
        var v = FeatbEvidence.Qemu("storage.live-backup").Without(DeviceRole.GuestAgent).Sample(LiveBackupProbe.Inventory, "sysfs-inventory", Gen1).Judge();
        Assert.Equal(VerdictKind.NotOffered, v.Kind);
    }

    [Fact]
    public void LiveBackup_AgentCannotFreeze_NotSupported()
    {
        var v = LabBackup().Sample(LiveBackupProbe.Inventory, "sysfs-inventory", Gen1)
            .Host(LiveBackupProbe.Backup, true, ("consistent", "false"), ("frozen", "false")).Judge();
        Assert.Equal(VerdictKind.NotSupported, v.Kind);
    }

    [Fact]
    public void LiveBackup_HyperVVssDaemonLines_Supported()
    {
        // hv_vss_daemon's syslog format (tools/hv/hv_vss_daemon.c "VSS: op=%s: %s"); no public journal capture exists.
        var v = FeatbEvidence.HyperV("storage.live-backup").Out(LiveBackupProbe.Inventory, "vmbus 35fa2e29-ea23-4236-96ae-3a6ebacba440 hv_utils {35fa2e29-ea23-4236-96ae-3a6ebacba440}\n")
            .Host(LiveBackupProbe.Backup, true, ("consistent", "true"), ("frozen", "true"))
            .Out(LiveBackupProbe.Journal, "2026-11-25T18:02:11+0000 vm hv_vss_daemon[612]: VSS: op=FREEZE: succeeded\n2026-11-25T18:02:13+0000 vm hv_vss_daemon[612]: VSS: op=THAW: succeeded\n")
            .Out(LiveBackupProbe.Writable, "writable\n").Judge();
        Assert.Equal(VerdictKind.Supported, v.Kind);
    }

    [Fact]
    public void FibreChannel_LabNoFacet_NotOffered()
    {
        var v = FeatbEvidence.Qemu("storage.fibre-channel").NotOffered(FibreChannelProbe.Hba, "QEMU 7.2 has no virtual Fibre Channel HBA").Judge();
        Assert.Equal(VerdictKind.NotOffered, v.Kind);
        Assert.Contains("Fibre Channel", v.Reason);
    }

    [Fact]
    public void FibreChannel_HyperVPortNameMatchesWwpn_Supported()
    {
        var v = FeatbEvidence.HyperV("storage.fibre-channel").Host(FibreChannelProbe.Hba, true, ("wwpn", "C003FF4D2B4A0000,C003FF4D2B4A0001"), ("wwnn", "C003FF0000FFFF00"))
            .Out(FibreChannelProbe.Inventory, "vmbus 2f9bcc4a-0069-4af3-b76b-6fd0be528cda hv_storvsc {2f9bcc4a-0069-4af3-b76b-6fd0be528cda}\n")
            .Out(FibreChannelProbe.FcHosts, "/sys/class/fc_host/host3/port_name:0xc003ff4d2b4a0000\n/sys/class/fc_host/host3/node_name:0xc003ff0000ffff00\n/sys/class/fc_host/host3/port_state:Online\n").Judge();
        Assert.Equal(VerdictKind.Supported, v.Kind);
    }

    [Fact]
    public void FibreChannel_HyperVNoFcHost_NotSupported()
    {
        var v = FeatbEvidence.HyperV("storage.fibre-channel").Host(FibreChannelProbe.Hba, true, ("wwpn", "C003FF4D2B4A0000"))
            .Out(FibreChannelProbe.Inventory, "").Out(FibreChannelProbe.FcHosts, "", 2).Judge();
        Assert.Equal(VerdictKind.NotSupported, v.Kind);
    }

    [Fact]
    public void VhdxResize_HyperVSameLogicOnStorvscDisk_Supported()
    {
        // No public Hyper-V capture of an online resize exists; the storvsc guest prints the same lsblk/dmesg forms.
        var v = FeatbEvidence.HyperV("storage.vhdx-resize").Out(VhdxResizeProbe.Before, "data_disk=sdb\n" + StorvscController + "NAME=\"sdb\" SIZE=\"1073741824\" SERIAL=\"\"\n")
            .Host(VhdxResizeProbe.DiskSize, true, ("data_bytes", "1073741824")).Host(VhdxResizeProbe.Grow, true, ("new_bytes", "1140850688"))
            .Out(VhdxResizeProbe.After, "data_disk=sdb\nNAME=\"sdb\" SIZE=\"1140850688\" SERIAL=\"\"\n")
            .Out(VhdxResizeProbe.KernelLog, "[ 1201.3] sd 0:0:0:1: Capacity data has changed\n[ 1201.4] sdb: detected capacity change from 2097152 to 2228224\n").Judge();
        Assert.Equal(VerdictKind.Supported, v.Kind);
    }

    [Fact]
    public void Trim_HyperVVhdxShrank_Supported()
    {
        var v = Trim(BackendKind.HyperV, 70_254_592, 4_194_304).Judge();
        Assert.Equal(VerdictKind.Supported, v.Kind);
    }
}
