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
        new Core.Heartbeat.HeartbeatProbe(),
        new Core.Multiprocessing.MultiprocessingProbe(),
        new Core.NetworkDevice.NetworkDeviceProbe(),
        new Core.StorageDevice.StorageDeviceProbe(),

        // Networking

        // Storage, Memory, Video, Miscellaneous, Generation 2 (featb)
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
