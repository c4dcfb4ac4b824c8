using HvCert.Probes;
using Xunit.Abstractions;

namespace HvCert.Tests.HyperV.Twin;

/// <summary>
/// Issue #13's end-to-end run: suite full × (Debian 12, FreeBSD 13, FreeBSD 14) × (Gen1, Gen2) on a 2019 and a 2025 twin host,
/// through the real RunSession, HyperVBackend and probes/judges, guests answering from real captures (TwinGuests).
/// No cell may end in Error (an infrastructure failure: the backend sent something the twin, i.e. Hyper-V, refused, or the
/// twin lacks a method) and none may say a facet or parameter was never wired. The per-verdict counts are printed, not
/// pinned: the guest side gains captures independently, and each count change should be read in the cell list above them.
/// Each feature's cell is checked with its reason in Guests/TwinGuestFeatureTests.
/// </summary>
public sealed class TwinEndToEndTests(ITestOutputHelper output)
{
    [Theory]
    [InlineData("2019")]
    [InlineData("2025")]
    public async Task FullSuite_AllTargets_EveryCellJudged_NoError(string host)
    {
        using var run = new TwinRun(host);

        var results = await run.RunAsync();

        output.WriteLine(TwinRun.Describe(results));
        var unanswered = run.Guests.Opened.SelectMany(g => g.Unanswered).Distinct().Order().ToList();
        output.WriteLine("unanswered guest commands:\n" + string.Join('\n', unanswered));
        Assert.All(unanswered, c => Assert.Equal("lsvmbus -vv", c)); // FreeBSD has no lsvmbus: exit 127 is its true answer
        output.WriteLine(TwinRun.Counts(host, results));
        Assert.Equal(3 * 2 * 35, results.Cells.Count);
        Assert.All(results.Cells, c => Assert.False(string.IsNullOrWhiteSpace(c.Reason), c.Key.ToString()));
        Assert.All(results.Cells, c => Assert.Equal(host, c.Key.Host));
        Assert.Empty(results.Cells.Where(c => c.Verdict == VerdictKind.Error).Select(c => $"{c.Key}: {c.Reason}"));
        Assert.DoesNotContain(results.Cells, c => c.Reason.Contains("not wired", StringComparison.OrdinalIgnoreCase)
            || c.Reason.Contains("not modelled", StringComparison.OrdinalIgnoreCase));
        Assert.Empty(run.Lab.Hosts.SelectMany(h => h.Rejections).Where(r => r.Code == Refused.InvalidParameter).Select(r => $"{r.Class}.{r.Method}: {r.Message}"));

        // Everything the run created is gone again, on both hosts (a migrated VM is destroyed on the host it ended on), and
        // the DDA device is back on its host.
        output.WriteLine("runner status lines:\n" + string.Join('\n', run.Statuses.Where(s => !s.EndsWith(": destroying", StringComparison.Ordinal))));
        Assert.DoesNotContain(run.Statuses, s => s.Contains("could not destroy", StringComparison.Ordinal));
        Assert.All(run.Lab.Hosts, h => Assert.Empty(h.Vms.Values.Select(v => $"{h.Name}: {v.Name} left behind")));
        Assert.All(run.Lab.Hosts, h => Assert.False(h.PciDevices[TwinBackend.DdaLocation].Dismounted, $"{h.Name} lost its DDA device"));
    }
}
