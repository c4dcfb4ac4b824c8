using HvCert.Probes;
using Xunit.Abstractions;

namespace HvCert.Tests.HyperV.Twin;

/// <summary>
/// Issue #13's end-to-end run: suite full × (Debian 12, FreeBSD 13, FreeBSD 14) × (Gen1, Gen2) on a 2019 and a 2025 twin host,
/// through the real RunSession, HyperVBackend and probes/judges, guests answering from real captures (TwinGuests).
/// The counts pinned here are what this run observes; the test output lists every cell with its reason.
/// Known open gap, pinned so it cannot spread: live migration ends in Error because the twin does not model
/// Msvm_VirtualSystemManagementService.RemoveResourceSettings, which the backend calls before migrating (twin gap, not a verdict).
/// Many Linux cells are Not supported because the scripted Linux guest has no Hyper-V capture for their commands (exit 127).
/// </summary>
public sealed class TwinEndToEndTests(ITestOutputHelper output)
{
    [Theory]
    [InlineData("2019")]
    [InlineData("2025")]
    public async Task FullSuite_AllTargets_EveryCellJudged_OnlyMigrationErrs(string host)
    {
        using var run = new TwinRun(host);

        var results = await run.RunAsync();

        output.WriteLine(TwinRun.Describe(results));
        output.WriteLine("unanswered guest commands:\n" + string.Join('\n', run.Guests.Opened.SelectMany(g => g.Unanswered).Distinct().Order()));
        Assert.Equal(3 * 2 * 35, results.Cells.Count);
        Assert.All(results.Cells, c => Assert.False(string.IsNullOrWhiteSpace(c.Reason), c.Key.ToString()));
        var errors = results.Cells.Where(c => c.Verdict == VerdictKind.Error).ToList();
        Assert.All(errors, c => Assert.Equal("net.live-migration", c.Key.FeatureId));
        Assert.All(errors, c => Assert.Contains("RemoveResourceSettings is not modelled by the twin", c.Reason, StringComparison.Ordinal));
        Assert.DoesNotContain(results.Cells, c => c.Reason.Contains("not wired", StringComparison.OrdinalIgnoreCase));
        var counts = results.Cells.GroupBy(c => c.Verdict).ToDictionary(g => g.Key, g => g.Count());
        output.WriteLine(string.Join(", ", counts.Select(kv => $"{kv.Key}={kv.Value}")));
        Assert.Equal(6, counts.GetValueOrDefault(VerdictKind.Error));
        Assert.Equal(44, counts.GetValueOrDefault(VerdictKind.Supported));
        Assert.Equal(4, counts.GetValueOrDefault(VerdictKind.SupportedWithCaveat));
        Assert.Equal(120, counts.GetValueOrDefault(VerdictKind.NotSupported));
        Assert.Equal(20, counts.GetValueOrDefault(VerdictKind.NotOffered));
        Assert.Equal(14, counts.GetValueOrDefault(VerdictKind.NotApplicable));
        Assert.Equal(2, counts.GetValueOrDefault(VerdictKind.Skipped));
    }
}
