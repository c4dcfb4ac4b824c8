using HvCert.Catalog;
using HvCert.Evidence;
using HvCert.Hosts;
using HvCert.Planning;
using HvCert.Probes;

namespace HvCert.Tests.Evidence;

/// <summary>Small hand-made events for evidence tests.</summary>
internal static class EvidenceSamples
{
    public static readonly DateTimeOffset T0 = new(2026, 11, 25, 18, 0, 0, TimeSpan.Zero);

    public static CellKey Cell(string feature = "net.jumbo-frames", Generation gen = Generation.Gen1) => new("debian-12", gen, "qemu", feature);

    public static IReadOnlyList<EvidenceEvent> OneProbe(CellKey cell) =>
    [
        new RunStarted("r1", "0.1.0", "suite.yaml", "matrix.yaml", BackendKind.Qemu, 1) { At = T0 },
        new VmProvisioned("g1#1", "hvcert-r1-g1-1", "debian-12", cell.Generation, false, [],
            [new OfferedDevice(DeviceRole.Network, "virtio-net-pci", ["virtio_net"])],
            new Dictionary<string, string> { ["nic.mtu"] = "9000" }, 33.5) { At = T0, Os = OsFamily.Linux, Host = "qemu" },
        new ProbeStarted(cell, 1, "g1#1") { At = T0, Parameters = new Dictionary<string, string> { ["mtu"] = "9000" } },
        new CommandRan(cell, 1, 1, "ip link show eth0", 0, "mtu 9000 <script>", "", 12, false, false) { At = T0 },
        new HostActionDone(cell, 1, 2, "set_mtu", true, new Dictionary<string, string> { ["mtu"] = "9000" }, null, 3) { At = T0 },
        new ProbeJudged(cell, 1, VerdictKind.Supported, "ping with 8972 bytes passed", 50) { At = T0 },
        new VmDestroyed("g1#1", "hvcert-r1-g1-1") { At = T0 },
        new RunFinished("r1", 0, 60) { At = T0 },
    ];
}
