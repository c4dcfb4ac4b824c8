using System.Globalization;
using HvCert.Features.Common;
using HvCert.Features.Core.AccurateTime;
using HvCert.Features.Core.TimeSync;
using HvCert.Hosts;
using HvCert.Probes;

namespace HvCert.Tests.Features.Core;

public class TimeProbesTests
{
    private const string HyperVInventory = "vmbus 2dd1ce17-079e-403c-b352-a1921ee207ee hv_utils {9527e630-d0ae-497b-adce-e80ab0175caf}\n";
    private const string QemuInventory = "pci 0000:00:06.0 virtio-pci 0x1af4:0x1003\nvirtio virtio3 virtio_console 0x1af4:0x0003\n";

    /// <summary>Host observations of an exchange where every sample has the given guest offset and round trip (ms).</summary>
    private static (string, string)[] Exchange(double offsetMs, double rttMs, int samples = 4)
    {
        var obs = new List<(string, string)> { ("samples", samples.ToString(CultureInfo.InvariantCulture)) };
        for (var i = 0; i < samples; i++)
        {
            var before = 1_764_000_000m + i;
            var after = before + (decimal)(rttMs + i) / 1000;
            var guest = (before + after) / 2 + (decimal)offsetMs / 1000;
            obs.Add(($"sample.{i}.before", before.ToString(CultureInfo.InvariantCulture)));
            obs.Add(($"sample.{i}.after", after.ToString(CultureInfo.InvariantCulture)));
            obs.Add(($"sample.{i}.guest", guest.ToString("0.000000000", CultureInfo.InvariantCulture)));
        }

        return obs.ToArray();
    }

    [Fact]
    public void AccurateTime_HyperVPhcSelectedAndExchangeTight_Supported()
    {
        var evidence = new EvidenceBuilder(BackendKind.HyperV, ReferenceDevices.HyperV)
            .Cmd(AccurateTimeProbe.Inventory, HyperVInventory)
            .Cmd(AccurateTimeProbe.PtpClocks, "ptp0 hyperv\nlrwxrwxrwx 1 root root 4 Nov 25 18:00 /dev/ptp_hyperv -> ptp0\n")
            .Cmd(AccurateTimeProbe.Sources, Sample.Read("chronyc-sources/fcos-qemu-ptp-kvm.txt"))
            .Host(AccurateTimeProbe.ExchangeHost, true, Exchange(0.05, 0.4))
            .Build();

        var verdict = new AccurateTimeProbe().Judge(evidence);

        Assert.Equal(VerdictKind.Supported, verdict.Kind);
        Assert.Contains("offset +0.050 ms", verdict.Reason);
    }

    [Fact]
    public void AccurateTime_HyperVWithoutPhc_NotSupportedEvenIfTight()
    {
        var evidence = new EvidenceBuilder(BackendKind.HyperV, ReferenceDevices.HyperV)
            .Cmd(AccurateTimeProbe.Inventory, HyperVInventory).Cmd(AccurateTimeProbe.PtpClocks, "")
            .Cmd(AccurateTimeProbe.Sources, "", exit: 127, stderr: "sh: 1: chronyc: not found")
            .Host(AccurateTimeProbe.ExchangeHost, true, Exchange(0.05, 0.4)).Build();

        Assert.Equal(VerdictKind.NotSupported, new AccurateTimeProbe().Judge(evidence).Kind);
    }

    [Fact]
    public void AccurateTime_SkewedClock_NotSupportedWithNumbers()
    {
        var evidence = new EvidenceBuilder(BackendKind.Qemu, ReferenceDevices.Qemu)
            .Cmd(AccurateTimeProbe.Inventory, QemuInventory).Cmd(AccurateTimeProbe.PtpClocks, "")
            .Host(AccurateTimeProbe.ExchangeHost, true, Exchange(50, 8)).Build();

        var verdict = new AccurateTimeProbe().Judge(evidence);

        Assert.Equal(VerdictKind.NotSupported, verdict.Kind);
        Assert.Contains("+50.000 ms", verdict.Reason);
    }

    [Fact]
    public void AccurateTime_TcgRoundTripTooCoarseNoChrony_SaysNotShown()
    {
        var evidence = new EvidenceBuilder(BackendKind.Qemu, ReferenceDevices.Qemu)
            .Cmd(AccurateTimeProbe.Inventory, QemuInventory).Cmd(AccurateTimeProbe.PtpClocks, "")
            .Cmd(AccurateTimeProbe.Sources, "MS Name/IP address         Stratum Poll Reach LastRx Last sample\n=====\n")
            .Host(AccurateTimeProbe.ExchangeHost, true, Exchange(0.3, 12)).Build();

        var verdict = new AccurateTimeProbe().Judge(evidence);

        Assert.Equal(VerdictKind.NotSupported, verdict.Kind);
        Assert.Contains("not shown to be within 1 ms", verdict.Reason);
    }

    [Fact]
    public void AccurateTime_ChronyBoundAgainstHostReference_CaveatNotSupported()
    {
        var evidence = new EvidenceBuilder(BackendKind.Qemu, ReferenceDevices.Qemu)
            .Cmd(AccurateTimeProbe.Inventory, QemuInventory).Cmd(AccurateTimeProbe.PtpClocks, "")
            .Cmd(AccurateTimeProbe.Sources, "^* 10.0.2.2                    3   6   377    12   +20us[  +25us] +/-  150us\n")
            .Cmd(AccurateTimeProbe.Tracking, "Reference ID    : 0A000202 (10.0.2.2)\nStratum         : 4\nSystem time     : 0.000020000 seconds fast of NTP time\nRoot delay      : 0.000300000 seconds\nRoot dispersion : 0.000100000 seconds\nLeap status     : Normal\n")
            .Host(AccurateTimeProbe.ExchangeHost, true, Exchange(0.3, 12)).Build();

        var verdict = new AccurateTimeProbe().Judge(evidence);

        Assert.Equal(VerdictKind.SupportedWithCaveat, verdict.Kind);
        // Tracking bounds it at 0.270 ms (delay/2 + dispersion + offset); the selected source's last sample at |+20us| + 150us.
        Assert.Contains("chrony bounds the error at 0.170 ms (sources)", verdict.Reason);
    }

    [Fact]
    public void AccurateTime_BoundFromChronycSourcesAlone_Caveat()
    {
        // Real `chronyc sources` (PHC0 selected, +8193ns ± 34us), no tracking output: the sources line still bounds the error.
        var evidence = new EvidenceBuilder(BackendKind.Qemu, ReferenceDevices.Qemu)
            .Cmd(AccurateTimeProbe.Inventory, QemuInventory).Cmd(AccurateTimeProbe.PtpClocks, "")
            .Cmd(AccurateTimeProbe.Sources, Sample.Read("chronyc-sources/fcos-qemu-ptp-kvm.txt"))
            .Host(AccurateTimeProbe.ExchangeHost, true, Exchange(0.3, 12)).Build();

        var verdict = new AccurateTimeProbe().Judge(evidence);

        Assert.Equal(VerdictKind.SupportedWithCaveat, verdict.Kind);
        Assert.Contains("0.042 ms (sources)", verdict.Reason);
    }

    [Theory]
    [InlineData(-0.0001, "+0.000")]
    [InlineData(-0.0, "+0.000")]
    [InlineData(0.0004, "+0.000")]
    [InlineData(-0.0006, "-0.001")]
    [InlineData(0.05, "+0.050")]
    public void SignedOffset_ZeroNeverPrintsAsMinusPlus(double ms, string expected)
    {
        Assert.Equal(expected, ClockSamples.Signed(ms, 3));
        Assert.DoesNotContain("-+", new ClockOffset(ms, 0.1, 0.2, 4, 4).Describe());
    }

    [Fact]
    public void TimeSync_QemuAgentSetsClock_SupportedWithBeforeAfter()
    {
        var evidence = new EvidenceBuilder(BackendKind.Qemu, ReferenceDevices.Qemu)
            .Cmd(TimeSyncProbe.Inventory, QemuInventory).Cmd(TimeSyncProbe.Skew, "skewed by -30 s\n")
            .Host(TimeSyncProbe.ExchangeBeforeHost, true, Exchange(-4200, 9))
            .Host(TimeSyncProbe.SyncNow, true, ("host_utc", "2026-11-25T18:00:00Z"))
            .Host(TimeSyncProbe.ExchangeAfterHost, true, Exchange(3, 9)).Build();

        var verdict = new TimeSyncProbe().Judge(evidence);

        Assert.Equal(VerdictKind.Supported, verdict.Kind);
        Assert.Contains("offset -4200.000 ms", verdict.Reason);
    }

    [Fact]
    public void TimeSync_ClockNotOffBeforeTheSync_InProbeControlErrorNeverSupported()
    {
        // Within 1 s after the sync, but it was within 1 s before it too: the sync proved nothing.
        var evidence = new EvidenceBuilder(BackendKind.Qemu, ReferenceDevices.Qemu)
            .Cmd(TimeSyncProbe.Inventory, QemuInventory).Cmd(TimeSyncProbe.Skew, "skewed by -30 s\n")
            .Host(TimeSyncProbe.ExchangeBeforeHost, true, Exchange(12, 9))
            .Host(TimeSyncProbe.SyncNow, true, ("host_utc", "2026-11-25T18:00:00Z"))
            .Host(TimeSyncProbe.ExchangeAfterHost, true, Exchange(3, 9)).Build();

        var verdict = new TimeSyncProbe().Judge(evidence);

        Assert.Equal(VerdictKind.Error, verdict.Kind);
        Assert.Contains("in-probe control", verdict.Reason);
    }

    [Fact]
    public void TimeSync_SkewedAndStillOffAfterTheSync_NotSupported()
    {
        var evidence = new EvidenceBuilder(BackendKind.HyperV, ReferenceDevices.HyperV)
            .Cmd(TimeSyncProbe.Inventory, HyperVInventory).Cmd(TimeSyncProbe.Skew, "skewed by -30 s\n")
            .Host(TimeSyncProbe.ExchangeBeforeHost, true, Exchange(-30000, 9))
            .Host(TimeSyncProbe.SyncNow, true, ("method", "ic-restart"))
            .Host(TimeSyncProbe.ExchangeAfterHost, true, Exchange(-29990, 9)).Build();

        Assert.Equal(VerdictKind.NotSupported, new TimeSyncProbe().Judge(evidence).Kind);
    }

    [Fact]
    public void TimeSync_NoAgent_NotOffered()
    {
        var evidence = new EvidenceBuilder(BackendKind.Qemu, ReferenceDevices.Qemu.Where(d => d.Role != DeviceRole.GuestAgent).ToList())
            .Cmd(TimeSyncProbe.Inventory, "pci 0000:00:03.0 virtio-pci 0x1af4:0x1000\n").Build();

        Assert.Equal(VerdictKind.NotOffered, new TimeSyncProbe().Judge(evidence).Kind);
    }

    [Fact]
    public void TimeSync_HyperVIcBoundButHostSyncFails_NotSupported()
    {
        var evidence = new EvidenceBuilder(BackendKind.HyperV, ReferenceDevices.HyperV)
            .Cmd(TimeSyncProbe.Inventory, Sample.Read("sysfs-inventory/azure-d8ds-v5-derived.txt"))
            .Host(TimeSyncProbe.ExchangeBeforeHost, true, Exchange(1, 2))
            .Host(TimeSyncProbe.SyncNow, false).Build();

        Assert.Equal(VerdictKind.NotSupported, new TimeSyncProbe().Judge(evidence).Kind);
    }
}
