using HvCert.Features.Common;
using HvCert.Features.Core.AccurateTime;
using HvCert.Features.Core.Heartbeat;
using HvCert.Features.Core.Mouse;
using HvCert.Features.Core.NetworkDevice;
using HvCert.Features.Core.Shutdown;
using HvCert.Features.Core.StorageDevice;
using HvCert.Features.Memory.HotAdd;
using HvCert.Features.Memory.MmioGap;
using HvCert.Features.Misc.FileCopy;
using HvCert.Features.Video.SyntheticVideo;
using HvCert.Hosts;
using HvCert.Probes;

namespace HvCert.Tests.Features.FreeBsd;

/// <summary>FreeBSD judges on real Hyper-V captures (see Samples/*/freebsd-*.txt for provenance).</summary>
public sealed class FreeBsdJudgeTests
{
    private static readonly string Devinfo13 = Sample.Read("devinfo-rv/freebsd-13.0-gen2-win10-hyperv.txt");
    private static readonly string Boot13 = Sample.Read("dmesg-freebsd/freebsd-13.0-gen2-win10-hyperv.txt");
    private static readonly string Boot10 = Sample.Read("dmesg-freebsd/freebsd-10.2-azure.txt");

    private static EvidenceBuilder HyperV13() =>
        new EvidenceBuilder(BackendKind.HyperV, ReferenceDevices.HyperV).Cmd(FreeBsdJudging.Devinfo, Devinfo13).Cmd(FreeBsdJudging.BootLog, Boot13);

    [Fact]
    public void Heartbeat_AttachedAndHostAlive_IsSupported()
    {
        var verdict = new HeartbeatFreeBsdProbe().Judge(HyperV13().Host(3, true, ("alive", "true"), ("status", "OK")).Build());
        Assert.Equal(VerdictKind.Supported, verdict.Kind);
        Assert.Contains("hvheartbeat0", verdict.Reason);
    }

    [Fact]
    public void Heartbeat_HostSeesNoHeartbeat_IsNotSupported()
    {
        var verdict = new HeartbeatFreeBsdProbe().Judge(HyperV13().Host(3, true, ("alive", "false"), ("status", "No Contact")).Build());
        Assert.Equal(VerdictKind.NotSupported, verdict.Kind);
    }

    [Fact]
    public void Shutdown_ForcedOff_IsNotSupported()
    {
        Assert.Equal(VerdictKind.Supported, new ShutdownFreeBsdProbe().Judge(HyperV13().Host(3, true, ("clean", "true")).Build()).Kind);
        Assert.Equal(VerdictKind.NotSupported, new ShutdownFreeBsdProbe().Judge(HyperV13().Host(3, true, ("clean", "false")).Build()).Kind);
    }

    [Fact]
    public void HotAdd_DynamicMemoryDeviceUnknown_IsNotSupportedNotNotOffered()
    {
        var verdict = new HotAddFreeBsdProbe().Judge(HyperV13().Build());
        Assert.Equal(VerdictKind.NotSupported, verdict.Kind);
        Assert.Contains("525074dc", verdict.Reason);
        Assert.Contains("no driver", verdict.Reason);
    }

    [Fact]
    public void Mouse_FreeBsd13UnknownSyntheticMouse_IsNotSupported()
    {
        var verdict = new MouseFreeBsdProbe().Judge(HyperV13().Build());
        Assert.Equal(VerdictKind.NotSupported, verdict.Kind);
        Assert.Contains("cfa8b69e", verdict.Reason);
    }

    [Fact]
    public void FileCopy_GuestServicesWithoutDriver_IsNotSupported()
    {
        OfferedDevice[] offered = [.. ReferenceDevices.HyperV, new(DeviceRole.FileCopy, "34d14be3-dee4-41c8-9ae7-6b174977c192", ["hv_utils"])];
        var evidence = new EvidenceBuilder(BackendKind.HyperV, offered).Cmd(FreeBsdJudging.Devinfo, Devinfo13)
            .Host(3, true, ("sha256", new string('a', 64))).Cmd(4, new string('a', 64)).Build();
        var verdict = new FileCopyFreeBsdProbe().Judge(evidence);
        Assert.Equal(VerdictKind.NotSupported, verdict.Kind);
        Assert.Contains("34d14be3", verdict.Reason);
    }

    [Fact]
    public void Video_NoSynthvidDriver_IsNotApplicableWithEfifbConsole()
    {
        var verdict = new SyntheticVideoFreeBsdProbe().Judge(HyperV13().Build());
        Assert.Equal(VerdictKind.NotApplicable, verdict.Kind);
        Assert.Contains("efifb", verdict.Reason);
    }

    [Fact]
    public void Storage_StorvscAttached_IsSupported()
    {
        Assert.Equal(VerdictKind.Supported, new StorageDeviceFreeBsdProbe().Judge(HyperV13().Build()).Kind);
    }

    [Fact]
    public void NetworkDevice_Hn0Active_IsSupported()
    {
        var ifconfig = Sample.Read("ifconfig/freebsd-13.0-hn0-win10-hyperv.txt");
        Assert.Equal(VerdictKind.Supported, new NetworkDeviceFreeBsdProbe().Judge(HyperV13().Cmd(3, ifconfig).Build()).Kind);
        var down = ifconfig.Replace("status: active", "status: no carrier", StringComparison.Ordinal);
        Assert.Equal(VerdictKind.NotSupported, new NetworkDeviceFreeBsdProbe().Judge(HyperV13().Cmd(3, down).Build()).Kind);
    }

    [Fact]
    public void AccurateTime_HyperVTsc_IsCaveatNeverPlainSupported()
    {
        var sysctl = Sample.Read("sysctl/freebsd-13.0-geom-timecounter-win10-hyperv.txt");
        var verdict = new AccurateTimeFreeBsdProbe().Judge(HyperV13().Cmd(3, sysctl).Build());
        Assert.Equal(VerdictKind.SupportedWithCaveat, verdict.Kind);
        var acpi = sysctl.Replace("kern.timecounter.hardware: Hyper-V-TSC", "kern.timecounter.hardware: ACPI-fast", StringComparison.Ordinal);
        Assert.Equal(VerdictKind.NotSupported, new AccurateTimeFreeBsdProbe().Judge(HyperV13().Cmd(3, acpi).Build()).Kind);
    }

    [Theory]
    [InlineData("128", VerdictKind.Supported)]
    [InlineData("64", VerdictKind.NotSupported)]
    [InlineData("0", VerdictKind.NotOffered)] // no gap configured by the host: not offered, as the Linux probe says (the twin e2e showed NotSupported)
    public void MmioGap_VmbusRangeAgainstConfiguredGap(string gapMb, VerdictKind expected)
    {
        var verdict = new MmioGapFreeBsdProbe().Judge(HyperV13().Host(3, true, ("low_mmio_gap_mb", gapMb)).Build());
        Assert.Equal(expected, verdict.Kind);
    }

    [Fact]
    public void Heartbeat_FreeBsd10LegacyHypervUtils_IsBoundThroughBootLog()
    {
        var evidence = new EvidenceBuilder(BackendKind.HyperV, ReferenceDevices.HyperV)
            .Cmd(FreeBsdJudging.Devinfo, "nexus0\n  vmbus0\n    hyperv-utils0\n    hn0\n").Cmd(FreeBsdJudging.BootLog, Boot10)
            .Host(3, true, ("alive", "true")).Build();
        var verdict = new HeartbeatFreeBsdProbe().Judge(evidence);
        Assert.Equal(VerdictKind.Supported, verdict.Kind);
        Assert.Contains("hyperv-utils", verdict.Reason);
    }

    [Fact]
    public void AnyBinding_NoVmbus_IsNotSupported()
    {
        var evidence = new EvidenceBuilder(BackendKind.HyperV, ReferenceDevices.HyperV).Cmd(FreeBsdJudging.Devinfo, "nexus0\n  acpi0\n").Build();
        var verdict = new StorageDeviceFreeBsdProbe().Judge(evidence);
        Assert.Equal(VerdictKind.NotSupported, verdict.Kind);
        Assert.Contains("no vmbus0", verdict.Reason);
    }

    [Fact]
    public void AnyBinding_UnknownOfferListAndNoSuchChildInDevinfo_IsNotOffered()
    {
        // No offer list (an outputs directory with offered.json = []): the 13.0 guest shows no FC channel, so nothing proves an offer.
        var evidence = new EvidenceBuilder(BackendKind.HyperV, []).Cmd(FreeBsdJudging.Devinfo, Devinfo13).Build();
        var check = FreeBsdBinding.Check(evidence, DeviceRole.FibreChannel, evidence.Command(FreeBsdJudging.Devinfo)!);
        Assert.False(check.Offered);
        Assert.Contains("offer list is unknown", check.Detail);
    }

    [Fact]
    public void AnyBinding_UnknownOfferListButDevinfoShowsTheAttachedChild_IsJudged()
    {
        var evidence = new EvidenceBuilder(BackendKind.HyperV, []).Cmd(FreeBsdJudging.Devinfo, Devinfo13).Host(3, true, ("alive", "true"), ("status", "OK")).Build();
        var verdict = new HeartbeatFreeBsdProbe().Judge(evidence);
        Assert.Equal(VerdictKind.Supported, verdict.Kind);
        Assert.Contains("hvheartbeat0", verdict.Reason);
    }
}
