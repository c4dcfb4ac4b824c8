using HvCert.Catalog;
using HvCert.Features;
using HvCert.Features.Common;
using HvCert.Hosts;

namespace HvCert.Tests.Features;

public sealed class FeatbRegistryTests
{
    public static readonly TheoryData<string> FeatbFeatures = new(
        "storage.vhdx-resize", "storage.fibre-channel", "storage.live-backup", "storage.trim", "storage.scsi-wwn",
        "memory.pae", "memory.mmio-gap", "memory.hot-add", "memory.ballooning", "memory.runtime-resize",
        "video.synthetic", "misc.kvp", "misc.nmi", "misc.file-copy", "misc.lsvmbus", "misc.hv-sockets", "misc.pci-passthrough",
        "gen2.uefi", "gen2.secure-boot");

    [Theory]
    [MemberData(nameof(FeatbFeatures))]
    public void Registry_LinuxProbe_StepsNumberedFromOneOnBothBackends(string id)
    {
        var probe = Assert.IsAssignableFrom<LinuxGuestProbe>(ProbeRegistry.Find(id, OsFamily.Linux));
        Assert.NotEmpty(probe.NegativeControlNote);
        foreach (var backend in new[] { BackendKind.HyperV, BackendKind.Qemu })
        {
            var steps = probe.Steps(backend);
            Assert.Equal(Enumerable.Range(1, steps.Count), steps.Select(s => s.Step));
            Assert.NotEmpty(probe.GuestSteps(backend));
        }
    }

    [Theory]
    [MemberData(nameof(FeatbFeatures))]
    public void Judge_NoEvidence_NeverAPass(string id)
    {
        foreach (var backend in new[] { BackendKind.HyperV, BackendKind.Qemu })
        {
            var verdict = new FeatbEvidence(backend, id).Judge();
            Assert.False(verdict.IsPass, $"{id} on {backend}: {verdict.Kind} {verdict.Reason}");
        }
    }

    [Theory]
    [MemberData(nameof(FeatbFeatures))]
    public void Judge_EveryGuestStepFailedWithExit1_NeverAPass(string id)
    {
        var probe = (LinuxGuestProbe)ProbeRegistry.Find(id, OsFamily.Linux)!;
        foreach (var backend in new[] { BackendKind.HyperV, BackendKind.Qemu })
        {
            var evidence = new FeatbEvidence(backend, id);
            foreach (var step in probe.Steps(backend))
            {
                _ = step is GuestCommand ? evidence.Out(step.Step, "", 1, "failed") : evidence.Host(step.Step, true);
            }

            Assert.False(evidence.Judge().IsPass, id);
        }
    }
}
