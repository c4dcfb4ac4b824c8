using HvCert.Catalog;
using HvCert.Hosts;
using HvCert.Qemu.Lab;

namespace HvCert.Tests.Qemu;

public sealed class GuestFaultsTests
{
    private static readonly Dictionary<string, string> PeerNic = new() { ["peer.nic.mac"] = "52:54:00:aa:bb:cd" };

    [Fact]
    public void Script_NoGuestSideFault_Nothing() =>
        Assert.Null(GuestFaults.Script(QemuCommandLineTests.Options(Generation.Gen1, false, null, VmFault.NoBalloonDevice), PeerNic));

    [Fact]
    public void Script_StorageDriverBlocked_UnbindsVirtioScsiAndRefusesTheModule()
    {
        var script = GuestFaults.Script(QemuCommandLineTests.Options(Generation.Gen1, false, null, VmFault.StorageDriverBlocked), PeerNic)!;

        Assert.StartsWith("set -e; ", script, StringComparison.Ordinal);
        Assert.Contains("/sys/bus/virtio/drivers/virtio_scsi/unbind", script, StringComparison.Ordinal);
        Assert.Contains("install virtio_scsi /bin/false", script, StringComparison.Ordinal);
        Assert.DoesNotContain("virtio_blk", script, StringComparison.Ordinal);
    }

    [Fact]
    public void Script_NicDriverBlocked_UnbindsOnlyThePeerNicByMac()
    {
        var script = GuestFaults.Script(QemuCommandLineTests.Options(Generation.Gen1, false, "hvt1", VmFault.NicDriverBlocked), PeerNic)!;

        Assert.Contains("\"52:54:00:aa:bb:cd\"", script, StringComparison.Ordinal);
        Assert.Contains("/sys/bus/virtio/drivers/virtio_net/unbind", script, StringComparison.Ordinal);
        Assert.Throws<InfrastructureException>(() =>
            GuestFaults.Script(QemuCommandLineTests.Options(Generation.Gen1, false, null, VmFault.NicDriverBlocked), new Dictionary<string, string>()));
    }

    [Fact]
    public void Script_ShutdownIgnored_LogindIgnoresThePowerKey() =>
        Assert.Contains("HandlePowerKey=ignore",
            GuestFaults.Script(QemuCommandLineTests.Options(Generation.Gen2, true, null, VmFault.ShutdownIgnored), PeerNic), StringComparison.Ordinal);
}
