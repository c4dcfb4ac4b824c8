using HvCert.Catalog;
using HvCert.Hosts;
using HvCert.HyperV;
using HvCert.Probes;
using HvCert.Tests.HyperV.Twin;
using HvCert.Transport;

namespace HvCert.Tests.HyperV.HostColumns;

/// <summary>
/// Through the twin: a column host whose reported build contradicts the inventory or the column is an infrastructure Error naming
/// the host (never a verdict, nothing created on it), while the other column runs; and reap cleans every inventory host.
/// </summary>
public sealed class HostRosterTests
{
    private static readonly string[] Heartbeat = ["core.heartbeat"];

    [Fact]
    public async Task Run_ColumnHostReportsAnotherRelease_ThatColumnIsErrorNamingTheHost_OtherColumnJudged()
    {
        using var run = new TwinRun(["2019", "2025"]);
        run.Lab.Host("hv3")!.Options.Build = "17763"; // the inventory says 2025; the machine is a 2019 host

        var results = await run.RunAsync(only: Heartbeat);

        var on2025 = results.Cells.Where(c => c.Key.Host == "2025" && c.Attempts.Count > 0).ToList();
        Assert.NotEmpty(on2025);
        Assert.All(on2025, c => Assert.Equal(VerdictKind.Error, c.Verdict));
        Assert.All(on2025, c => Assert.Contains("host hv3 (hv3) reports build 17763 = Windows Server 2019, but twin-inventory.yaml declares version: \"2025\"", c.Reason));
        Assert.Empty(run.Lab.Host("hv3")!.Invocations("DefineSystem"));
        Assert.All(results.Cells.Where(c => c.Key.Host == "2019"), c => Assert.NotEqual(VerdictKind.Error, c.Verdict));
        Assert.Contains(results.Cells, c => c.Key.Host == "2019" && c.Verdict == VerdictKind.Supported);
    }

    [Theory]
    [InlineData("17763", 3u, "reports build 17763 = Windows Server 2019")]
    [InlineData("26100", 1u, "reports build 26100 (a Windows client, no Server release)")] // Windows 11 24H2 shares the 2025 build
    public async Task Run_UndeclaredHostReportsOtherThanItsColumn_ErrorNamingTheHost(string build, uint productType, string expected)
    {
        using var run = new TwinRun("2025");
        run.Lab.Host("hv1")!.Options.Build = build;
        run.Lab.Host("hv1")!.Options.ProductType = productType;

        var results = await run.RunAsync(only: Heartbeat);

        var ran = results.Cells.Where(c => c.Attempts.Count > 0).ToList();
        Assert.NotEmpty(ran);
        Assert.All(ran, c => Assert.Equal(VerdictKind.Error, c.Verdict));
        Assert.All(ran, c => Assert.Contains($"the matrix column \"2025\" would run on host hv1 (hv1), which {expected}", c.Reason));
        Assert.Empty(run.Lab.Host("hv1")!.Invocations("DefineSystem"));
    }

    [Fact]
    public async Task Reap_RemovesTheRunsVmsAndSwitchesOnEveryColumnHost()
    {
        using var run = new TwinRun(["2019", "2025"]);
        var refuse = (GuestConnector)((_, _, _) => Task.FromException<IGuestTransport>(new GuestUnreachableException("no guest side here")));
        var image = @"D:\templates\debian-12-gen2.vhdx";
        await using (var killed = HyperVBackendFactory.CreateWith(run.Inventory, run.Lab.Connect, refuse, run.Lab.Clock))
        {
            // A killed run left one VM per column (never disposed).
            var on2019 = await killed.ProvisionAsync(new VmSpec("run42", "hvc-a", image, Generation.Gen2, true, HostColumn: "2019"), default);
            var on2025 = await killed.ProvisionAsync(new VmSpec("run42", "hvc-b", image, Generation.Gen2, true, HostColumn: "2025"), default);
            Assert.Equal(("hv1", "2019", "17763"), (on2019.Placement!.Name, on2019.Placement.Release, on2019.Placement.Build));
            Assert.Equal(("hv3", "2025", "26100"), (on2025.Placement!.Name, on2025.Placement.Release, on2025.Placement.Build));
        }

        Assert.Single(run.Lab.Host("hv1")!.Vms);
        Assert.Single(run.Lab.Host("hv3")!.Vms);
        await using var reaper = HyperVBackendFactory.CreateWith(run.Inventory, run.Lab.Connect, refuse, run.Lab.Clock);

        var removed = await reaper.ReapAsync("run42", default);

        Assert.All(run.Lab.Hosts, h => Assert.Empty(h.Vms.Values.Select(v => $"{h.Name}: {v.Name} left behind")));
        Assert.All(run.Lab.Hosts, h => Assert.DoesNotContain(h.InstancesOf("Msvm_VirtualEthernetSwitch"), s => s.String("ElementName") == "hvcert-run42-peer"));
        Assert.True(removed >= 4, $"removed {removed}: two VMs and each host's peer switch at least");
    }
}
