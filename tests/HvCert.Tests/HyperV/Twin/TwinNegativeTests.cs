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
    // Not listed yet, because their cells are not Supported on the default twin (the scripted guests lack captures for the
    // commands they need), so a flip would prove nothing: KvpComponentOff (misc.kvp), TimeSyncComponentOff (core.time-sync),
    // NoVirtualFunction (net.sriov), VlanMismatch (net.vlan; the twin's switch rule is shown in TwinVlanTests).
    public static TheoryData<string, string> Controls => new()
    {
        { nameof(TwinOptions.HeartbeatSilent), "core.heartbeat" },
        { nameof(TwinOptions.NoGuestServices), "misc.file-copy" },
        { nameof(TwinOptions.ShutdownIgnored), "core.shutdown" },
        { nameof(TwinOptions.CheckpointRefused), "storage.live-backup" },
        { nameof(TwinOptions.VssFrozen), "storage.live-backup" },
        { nameof(TwinOptions.MigrationRefused), "net.live-migration" },
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

    private async Task<HashSet<string>> SupportedCellsAsync(TwinOptions options, string feature)
    {
        using var run = new TwinRun("2025", options);
        var results = await run.RunAsync(only: [feature]);
        output.WriteLine(TwinRun.Describe(results));
        return results.Cells.Where(c => c.Verdict == VerdictKind.Supported).Select(c => c.Key.ToString()).ToHashSet();
    }
}
