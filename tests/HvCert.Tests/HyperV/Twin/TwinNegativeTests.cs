using HvCert.Probes;
using Xunit.Abstractions;

namespace HvCert.Tests.HyperV.Twin;

/// <summary>
/// Issue #13's negative twins: each Hyper-V-side negative control is a twin configuration, and it must flip its feature's
/// cells away from Supported. The same feature first runs on a default twin and must be Supported somewhere there,
/// so a flip is a change the host made, not a cell that was never Supported.
/// </summary>
public sealed class TwinNegativeTests(ITestOutputHelper output)
{
    public static TheoryData<string, string> Controls => new()
    {
        { nameof(TwinOptions.HeartbeatSilent), "core.heartbeat" },
        { nameof(TwinOptions.NoGuestServices), "misc.file-copy" },
        { nameof(TwinOptions.ShutdownIgnored), "core.shutdown" },
        { nameof(TwinOptions.CheckpointRefused), "storage.live-backup" },
        { nameof(TwinOptions.VssFrozen), "storage.live-backup" },
        { nameof(TwinOptions.MigrationRefused), "net.live-migration" },
        { nameof(TwinOptions.TimeSyncComponentOff), "core.time-sync" },
        { nameof(TwinOptions.KvpComponentOff), "misc.kvp" },
        { nameof(TwinOptions.VlanMismatch), "net.vlan" },
        { nameof(TwinOptions.NoVirtualFunction), "net.sriov" },
    };

    /// <summary>
    /// The verdict each newer control must give, a fragment of its reason, and why. A service the host switched off is the host
    /// not offering it (the backend reads the service state back). KVP is different: the Hyper-V backend learns the guest's
    /// address only from the KVP intrinsic item NetworkAddressIPv4 (as Get-VMNetworkAdapter's IPAddresses do), so with the
    /// Data Exchange service off no guest is reachable and every cell is an infrastructure Error naming KVP, never a verdict
    /// about the guest. VLAN settings the switch does not apply show as tagged pings that go unanswered, and an IOV port whose
    /// guest shows only the synthetic NIC (no VF on its PCI bus) is Not supported, as the SR-IOV judge says.
    /// </summary>
    public static TheoryData<string, string, VerdictKind, string> Kinds => new()
    {
        { nameof(TwinOptions.TimeSyncComponentOff), "core.time-sync", VerdictKind.NotOffered, "offered no TimeSync device" },
        { nameof(TwinOptions.KvpComponentOff), "misc.kvp", VerdictKind.Error, "no IPv4 address through KVP" },
        { nameof(TwinOptions.VlanMismatch), "net.vlan", VerdictKind.NotSupported, "vlan" },
        { nameof(TwinOptions.NoVirtualFunction), "net.sriov", VerdictKind.NotSupported, "" },
    };

    [Theory]
    [MemberData(nameof(Controls))]
    public async Task NegativeTwin_FlipsItsFeatureAwayFromSupported(string control, string feature)
    {
        var supported = await SupportedCellsAsync(new TwinOptions(), feature);
        Assert.NotEmpty(supported);

        var negative = new TwinOptions();
        typeof(TwinOptions).GetProperty(control)!.SetValue(negative, true);
        using var run = new TwinRun("2025", negative);
        var results = await run.RunAsync(only: [feature]);
        output.WriteLine(TwinRun.Describe(results));

        var flipped = results.Cells.Where(c => supported.Contains(c.Key.ToString())).ToList();
        Assert.Equal(supported.Count, flipped.Count);
        Assert.All(flipped, c => Assert.DoesNotContain(c.Verdict, new[] { VerdictKind.Supported, VerdictKind.SupportedWithCaveat }));
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public async Task NegativeTwin_GivesTheVerdictItsEvidenceMeans(string control, string feature, VerdictKind expected, string reason)
    {
        var negative = new TwinOptions();
        typeof(TwinOptions).GetProperty(control)!.SetValue(negative, true);
        using var run = new TwinRun("2025", negative);
        var results = await run.RunAsync(only: [feature]);
        output.WriteLine(TwinRun.Describe(results));

        Assert.Equal(6, results.Cells.Count);
        Assert.All(results.Cells, c => Assert.Equal(expected, c.Verdict));
        Assert.All(results.Cells, c => Assert.Contains(reason, c.Reason, StringComparison.OrdinalIgnoreCase));
    }

    private async Task<HashSet<string>> SupportedCellsAsync(TwinOptions options, string feature)
    {
        using var run = new TwinRun("2025", options);
        var results = await run.RunAsync(only: [feature]);
        output.WriteLine(TwinRun.Describe(results));
        return results.Cells.Where(c => c.Verdict == VerdictKind.Supported).Select(c => c.Key.ToString()).ToHashSet();
    }
}
