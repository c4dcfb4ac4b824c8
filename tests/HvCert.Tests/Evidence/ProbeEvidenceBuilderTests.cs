using HvCert.Catalog;
using HvCert.Evidence;
using HvCert.Hosts;

namespace HvCert.Tests.Evidence;

public sealed class ProbeEvidenceBuilderTests
{
    [Fact]
    public void FromEvents_RecordedAttempt_CarriesVmDevicesSettingsParametersAndSteps()
    {
        var cell = EvidenceSamples.Cell();

        var evidence = ProbeEvidenceBuilder.FromEvents(EvidenceSamples.OneProbe(cell), cell, 1);

        Assert.NotNull(evidence);
        Assert.Equal(BackendKind.Qemu, evidence.Backend);
        Assert.Equal(OsFamily.Linux, evidence.Os);
        Assert.Equal("virtio-net-pci", evidence.Offered(DeviceRole.Network)?.Model);
        Assert.Equal("9000", evidence.Setting("nic.mtu"));
        Assert.Equal("9000", evidence.Parameter("mtu", "1500"));
        Assert.Equal("ip link show eth0", evidence.Command(1)?.Command);
        Assert.True(evidence.Host(2)?.Ok);
    }

    [Fact]
    public void FromEvents_OtherAttemptAndOtherCell_AreNotMixedIn()
    {
        var cell = EvidenceSamples.Cell();
        var other = EvidenceSamples.Cell("core.heartbeat");
        var events = EvidenceSamples.OneProbe(cell).ToList();
        events.Add(new ProbeStarted(cell, 2, "g1#1"));
        events.Add(new CommandRan(cell, 2, 1, "retry", 0, "", "", 1, false, false));
        events.Add(new CommandRan(other, 1, 1, "other", 0, "", "", 1, false, false));

        var first = ProbeEvidenceBuilder.FromEvents(events, cell, 1);
        var second = ProbeEvidenceBuilder.FromEvents(events, cell, 2);

        Assert.Equal(["ip link show eth0"], first!.Commands.Select(c => c.Command));
        Assert.Equal(["retry"], second!.Commands.Select(c => c.Command));
        Assert.Empty(second.HostActions);
    }

    [Fact]
    public void FromEvents_NoProbeStarted_ReturnsNull()
    {
        Assert.Null(ProbeEvidenceBuilder.FromEvents(EvidenceSamples.OneProbe(EvidenceSamples.Cell()), EvidenceSamples.Cell("misc.nmi"), 1));
    }
}
