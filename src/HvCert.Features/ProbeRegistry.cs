using HvCert.Catalog;
using HvCert.Probes;

namespace HvCert.Features;

/// <summary>
/// Every probe, listed explicitly (no assembly scanning). One line per probe, grouped as the Feature Descriptions page is.
/// Adding a feature: copy a sibling folder, then add its line here.
/// </summary>
internal static class ProbeRegistry
{
    public static IReadOnlyList<IProbe> All { get; } =
    [
        // Core
        new Core.Shutdown.ShutdownProbe(),
        new Core.TimeSync.TimeSyncProbe(),
        new Core.AccurateTime.AccurateTimeProbe(),
        new Core.Multiprocessing.MultiprocessingProbe(),
        new Core.Heartbeat.HeartbeatProbe(),
        new Core.Mouse.MouseProbe(),
        new Core.StorageDevice.StorageDeviceProbe(),
        new Core.NetworkDevice.NetworkDeviceProbe(),

        // Networking
        new Networking.JumboFrames.JumboFramesProbe(),
        new Networking.Vlan.VlanProbe(),
        new Networking.LiveMigration.LiveMigrationProbe(),
        new Networking.StaticIp.StaticIpProbe(),
        new Networking.Vrss.VrssProbe(),
        new Networking.TsoChecksum.TsoChecksumProbe(),
        new Networking.Lro.LroProbe(),
        new Networking.SrIov.SrIovProbe(),

        // Storage, Memory, Video, Miscellaneous, Generation 2 (featb)
        new Storage.VhdxResize.VhdxResizeProbe(),
        new Storage.FibreChannel.FibreChannelProbe(),
        new Storage.LiveBackup.LiveBackupProbe(),
        new Storage.Trim.TrimProbe(),
        new Storage.ScsiWwn.ScsiWwnProbe(),
        new Memory.Pae.PaeProbe(),
        new Memory.MmioGap.MmioGapProbe(),
        new Memory.HotAdd.HotAddProbe(),
        new Memory.Ballooning.BallooningProbe(),
        new Memory.RuntimeResize.RuntimeResizeProbe(),
        new Video.SyntheticVideo.SyntheticVideoProbe(),
        new Misc.Kvp.KvpProbe(),
        new Misc.Nmi.NmiProbe(),
        new Misc.FileCopy.FileCopyProbe(),
        new Misc.Lsvmbus.LsvmbusProbe(),
        new Misc.HvSockets.HvSocketsProbe(),
        new Misc.PciPassthrough.PciPassthroughProbe(),
        new Gen2.Uefi.UefiProbe(),
        new Gen2.SecureBoot.SecureBootProbe(),

        // FreeBSD guests (separate types chosen by OS family; judged on Hyper-V, the lab cannot boot FreeBSD)
        new Core.Shutdown.ShutdownFreeBsdProbe(),
        new Core.TimeSync.TimeSyncFreeBsdProbe(),
        new Core.AccurateTime.AccurateTimeFreeBsdProbe(),
        new Core.Multiprocessing.MultiprocessingFreeBsdProbe(),
        new Core.Heartbeat.HeartbeatFreeBsdProbe(),
        new Core.Mouse.MouseFreeBsdProbe(),
        new Core.StorageDevice.StorageDeviceFreeBsdProbe(),
        new Core.NetworkDevice.NetworkDeviceFreeBsdProbe(),
        new Networking.JumboFrames.JumboFramesFreeBsdProbe(),
        new Networking.Vlan.VlanFreeBsdProbe(),
        new Networking.LiveMigration.LiveMigrationFreeBsdProbe(),
        new Networking.StaticIp.StaticIpFreeBsdProbe(),
        new Networking.Vrss.VrssFreeBsdProbe(),
        new Networking.TsoChecksum.TsoChecksumFreeBsdProbe(),
        new Networking.Lro.LroFreeBsdProbe(),
        new Networking.SrIov.SrIovFreeBsdProbe(),
        new Storage.VhdxResize.VhdxResizeFreeBsdProbe(),
        new Storage.FibreChannel.FibreChannelFreeBsdProbe(),
        new Storage.LiveBackup.LiveBackupFreeBsdProbe(),
        new Storage.Trim.TrimFreeBsdProbe(),
        new Storage.ScsiWwn.ScsiWwnFreeBsdProbe(),
        new Memory.Pae.PaeFreeBsdProbe(),
        new Memory.MmioGap.MmioGapFreeBsdProbe(),
        new Memory.HotAdd.HotAddFreeBsdProbe(),
        new Memory.Ballooning.BallooningFreeBsdProbe(),
        new Memory.RuntimeResize.RuntimeResizeFreeBsdProbe(),
        new Video.SyntheticVideo.SyntheticVideoFreeBsdProbe(),
        new Misc.Kvp.KvpFreeBsdProbe(),
        new Misc.Nmi.NmiFreeBsdProbe(),
        new Misc.FileCopy.FileCopyFreeBsdProbe(),
        new Misc.Lsvmbus.LsvmbusFreeBsdProbe(),
        new Misc.HvSockets.HvSocketsFreeBsdProbe(),
        new Misc.PciPassthrough.PciPassthroughFreeBsdProbe(),
        new Gen2.Uefi.UefiFreeBsdProbe(),
        new Gen2.SecureBoot.SecureBootFreeBsdProbe(),
    ];

    public static IProbe? Find(string featureId, OsFamily os) =>
        All.FirstOrDefault(p => p.FeatureId == featureId && p.Os == os);

    /// <summary>The registry as the runner's <see cref="IProbeCatalog"/>.</summary>
    public static IProbeCatalog Catalog { get; } = new RegistryCatalog();

    private sealed class RegistryCatalog : IProbeCatalog
    {
        public IProbe? Find(string featureId, OsFamily os) => ProbeRegistry.Find(featureId, os);
    }
}
