using HvCert.Features.Common;
using HvCert.Features.Networking.JumboFrames;
using HvCert.Features.Networking.Lro;
using HvCert.Features.Networking.TsoChecksum;
using HvCert.Features.Networking.Vrss;
using HvCert.Features.Storage.Trim;
using HvCert.Hosts;
using HvCert.Probes;

namespace HvCert.Tests.Features.FreeBsd;

public sealed class FreeBsdNetworkAndStorageJudgeTests
{
    private static readonly string Ifconfig = Sample.Read("ifconfig/freebsd-13.0-hn0-win10-hyperv.txt");
    private static readonly string Sysctl = Sample.Read("sysctl/freebsd-13.0-geom-timecounter-win10-hyperv.txt");

    private static EvidenceBuilder HyperV() =>
        new EvidenceBuilder(BackendKind.HyperV, ReferenceDevices.HyperV)
            .Cmd(FreeBsdJudging.Devinfo, Sample.Read("devinfo-rv/freebsd-13.0-gen2-win10-hyperv.txt"));

    [Fact]
    public void Tso_RealHn0Options_IsSupported_AndMissingTso4IsNot()
    {
        Assert.Equal(VerdictKind.Supported, new TsoChecksumFreeBsdProbe().Judge(HyperV().Cmd(3, Ifconfig).Build()).Kind);
        var noTso = Ifconfig.Replace("TSO4,", "", StringComparison.Ordinal);
        var verdict = new TsoChecksumFreeBsdProbe().Judge(HyperV().Cmd(3, noTso).Build());
        Assert.Equal(VerdictKind.NotSupported, verdict.Kind);
        Assert.Contains("TSO4", verdict.Reason);
    }

    [Fact]
    public void Lro_RealHn0Options_IsSupported_AndWithoutLroIsNot()
    {
        Assert.Equal(VerdictKind.Supported, new LroFreeBsdProbe().Judge(HyperV().Cmd(3, Ifconfig).Build()).Kind);
        Assert.Equal(VerdictKind.NotSupported, new LroFreeBsdProbe().Judge(HyperV().Cmd(3, Ifconfig.Replace("LRO,", "", StringComparison.Ordinal)).Build()).Kind);
    }

    [Fact]
    public void Trim_CanDeleteAndAllocationShrinks_IsSupported()
    {
        var evidence = HyperV().Param("data_disk", "da0").Cmd(3, Sysctl).Cmd(4, "")
            .Host(5, true, ("allocated_bytes", "80000000")).Cmd(6, "").Host(7, true, ("allocated_bytes", "12000000")).Build();
        Assert.Equal(VerdictKind.Supported, new TrimFreeBsdProbe().Judge(evidence).Kind);
    }

    [Fact]
    public void Trim_DiscardIgnoredByHost_IsNotSupported()
    {
        var evidence = HyperV().Param("data_disk", "da0").Cmd(3, Sysctl).Cmd(4, "")
            .Host(5, true, ("allocated_bytes", "80000000")).Cmd(6, "").Host(7, true, ("allocated_bytes", "80000000")).Build();
        Assert.Equal(VerdictKind.NotSupported, new TrimFreeBsdProbe().Judge(evidence).Kind);
    }

    [Fact]
    public void Trim_NoCanDelete_IsNotSupportedBeforeTouchingTheHost()
    {
        var evidence = HyperV().Param("data_disk", "da0").Cmd(3, "kern.geom.disk.da0.flags: be<OPEN,CANFLUSHCACHE>").Build();
        Assert.Contains("CANDELETE", new TrimFreeBsdProbe().Judge(evidence).Reason);
    }

    [Fact]
    public void Vrss_TwoBusyRings_IsSupported_OneRingIsNot()
    {
        var two = "dev.hn.0.rx_ring_inuse: 2\ndev.hn.0.tx_ring_inuse: 2\ndev.hn.0.rx.0.packets: 1200\ndev.hn.0.rx.1.packets: 877\n";
        Assert.Equal(VerdictKind.Supported, new VrssFreeBsdProbe().Judge(HyperV().Cmd(3, two).Build()).Kind);
        var one = "dev.hn.0.rx_ring_inuse: 1\ndev.hn.0.tx_ring_inuse: 1\ndev.hn.0.rx.0.packets: 1200\n";
        Assert.Equal(VerdictKind.NotSupported, new VrssFreeBsdProbe().Judge(HyperV().Cmd(3, one).Build()).Kind);
    }

    [Fact]
    public void Jumbo_PassesAtMtuAndFailsAt1500_IsSupported_PassingAt1500IsError()
    {
        var configured = Ifconfig.Replace("hn0: flags", "hn1: flags", StringComparison.Ordinal).Replace("mtu 1500", "mtu 9000", StringComparison.Ordinal);
        EvidenceBuilder Base() => HyperV().Host(3, true, ("peer_ip", "192.0.2.2")).Cmd(4, configured).Cmd(5, "3 packets transmitted, 3 packets received").Host(6, true);
        Assert.Equal(VerdictKind.Supported, new JumboFramesFreeBsdProbe().Judge(Base().Cmd(7, "3 packets transmitted, 0 packets received", exit: 2).Build()).Kind);
        Assert.Equal(VerdictKind.Error, new JumboFramesFreeBsdProbe().Judge(Base().Cmd(7, "3 packets transmitted, 3 packets received").Build()).Kind);
    }

    [Fact]
    public void Jumbo_PingFailsAtJumboMtu_IsNotSupported()
    {
        var configured = Ifconfig.Replace("mtu 1500", "mtu 9000", StringComparison.Ordinal);
        var evidence = HyperV().Host(3, true).Cmd(4, configured).Cmd(5, "ping: sendto: Message too long", exit: 2).Build();
        Assert.Equal(VerdictKind.NotSupported, new JumboFramesFreeBsdProbe().Judge(evidence).Kind);
    }
}
