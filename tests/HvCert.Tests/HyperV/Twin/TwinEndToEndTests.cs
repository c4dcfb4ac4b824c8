using HvCert.Probes;
using Xunit.Abstractions;

namespace HvCert.Tests.HyperV.Twin;

/// <summary>
/// Issue #13's end-to-end run: suite full × (Debian 12, FreeBSD 13, FreeBSD 14) × (Gen1, Gen2) × host columns 2019 and 2025,
/// through the real RunSession, HyperVBackend and probes/judges, guests answering from real captures (TwinGuests). Each column
/// runs on its own twin host (hv1 reports build 17763, hv3 build 26100), and the evidence says so for every cell.
/// No cell may end in Error (an infrastructure failure: the backend sent something the twin, i.e. Hyper-V, refused, or the
/// twin lacks a method) and none may say a facet or parameter was never wired. The per-verdict counts are printed, not
/// pinned: the guest side gains captures independently, and each count change should be read in the cell list above them;
/// both columns must count the same (the twins differ only in the build they report).
/// Each feature's cell is checked with its reason in Guests/TwinGuestFeatureTests.
/// </summary>
public sealed class TwinEndToEndTests(ITestOutputHelper output)
{
    [Fact]
    public async Task FullSuite_AllTargets_TwoHostColumns_EachOnItsOwnHost_EveryCellJudged_NoError()
    {
        using var run = new TwinRun(["2019", "2025"]);

        var results = await run.RunAsync();

        output.WriteLine(TwinRun.Describe(results));
        var unanswered = run.Guests.Opened.SelectMany(g => g.Unanswered).Distinct().Order().ToList();
        output.WriteLine("unanswered guest commands:\n" + string.Join('\n', unanswered));
        Assert.All(unanswered, c => Assert.Equal("lsvmbus -vv", c)); // FreeBSD has no lsvmbus: exit 127 is its true answer
        var counts = run.HostColumns.Select(h => TwinRun.Counts(h, results with { Cells = results.Cells.Where(c => c.Key.Host == h).ToList() })).ToList();
        output.WriteLine(string.Join('\n', counts));
        Assert.Equal(2 * 3 * 2 * 35, results.Cells.Count);
        Assert.Equal(counts[0].Replace("host 2019", "", StringComparison.Ordinal), counts[1].Replace("host 2025", "", StringComparison.Ordinal));
        Assert.All(results.Cells, c => Assert.False(string.IsNullOrWhiteSpace(c.Reason), c.Key.ToString()));
        Assert.Empty(results.Cells.Where(c => c.Verdict == VerdictKind.Error).Select(c => $"{c.Key}: {c.Reason}"));
        Assert.DoesNotContain(results.Cells, c => c.Reason.Contains("not wired", StringComparison.OrdinalIgnoreCase)
            || c.Reason.Contains("not modelled", StringComparison.OrdinalIgnoreCase));
        Assert.Empty(run.Lab.Hosts.SelectMany(h => h.Rejections).Where(r => r.Code == Refused.InvalidParameter).Select(r => $"{r.Class}.{r.Method}: {r.Message}"));

        // Each column's cells ran on its own host, as that host reported itself (the evidence's VM records), and each host
        // created VMs only for its own column.
        var vms = results.Vms.ToDictionary(v => v.VmKey);
        foreach (var (column, host) in run.HostColumns.Zip(run.ColumnHostNames))
        {
            var ran = results.Cells.Where(c => c.Key.Host == column).SelectMany(c => c.Attempts).Where(a => a.VmKey is not null).Select(a => vms[a.VmKey!].RanOn).ToList();
            Assert.NotEmpty(ran);
            Assert.All(ran, on => Assert.Equal((host, column, TwinRun.BuildOf(column)), (on!.Name, on.Release, on.Build)));
            Assert.NotEmpty(run.Lab.Host(host)!.Invocations("DefineSystem"));
        }

        Assert.All(results.Vms, v => Assert.Equal(v.HostColumn, v.RanOn!.Release));
        Assert.Equal("2019 on hv1 (Windows Server 2019, build 17763); 2025 on hv3 (Windows Server 2025, build 26100)",
            HvCert.Reporting.HostColumnHosts.Sentence(results));
        Assert.Contains("2019 on hv1 (Windows Server 2019, build 17763)", new HvCert.Reporting.Renderers.SupportMatrixRenderer().Render(results)[0].Content);

        // Everything the run created is gone again, on every host (a migrated VM is destroyed on the host it ended on), and
        // the DDA device is back on its host.
        output.WriteLine("runner status lines:\n" + string.Join('\n', run.Statuses.Where(s => !s.EndsWith(": destroying", StringComparison.Ordinal))));
        Assert.DoesNotContain(run.Statuses, s => s.Contains("could not destroy", StringComparison.Ordinal));
        Assert.Equal(3, run.Lab.Hosts.Count);
        Assert.All(run.Lab.Hosts, h => Assert.Empty(h.Vms.Values.Select(v => $"{h.Name}: {v.Name} left behind")));
        Assert.All(run.Lab.Hosts, h => Assert.False(h.PciDevices[TwinBackend.DdaLocation].Dismounted, $"{h.Name} lost its DDA device"));
    }
}
