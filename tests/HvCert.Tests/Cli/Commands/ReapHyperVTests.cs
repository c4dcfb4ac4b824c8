using HvCert.Cli;
using HvCert.Cli.Commands;
using HvCert.Hosts;
using HvCert.HyperV;
using HvCert.Tests.HyperV.Twin;
using HvCert.Transport;

namespace HvCert.Tests.Cli.Commands;

/// <summary>
/// `hvcert reap --backend hyperv --inventory X` over a twin lab: a killed run left a VM on each host (one had been migrated to
/// the second host), its files under storage.host_path and its private peer switch; another run's VM is still there.
/// </summary>
public sealed class ReapHyperVTests
{
    private static readonly GuestConnector NoGuest = (_, _, _) => Task.FromException<IGuestTransport>(new GuestUnreachableException("no guest side"));

    [Fact]
    public async Task Reap_RunId_RemovesThatRunsVmsFilesAndSwitchOnBothHosts_LeavesOtherRuns()
    {
        await using var twin = TwinBackend.Create(secondHost: true);
        await twin.Backend.ProvisionAsync(TwinBackend.Spec(), default); // run42 on hv1, never disposed (the run was killed)
        await using (var otherRun = Backend(twin)) // one backend per run, as hvcert run makes it (the peer switch is the run's)
        {
            await otherRun.ProvisionAsync(TwinBackend.Spec() with { RunId = "run43", Name = "hvc-vm2" }, default);
        }

        var swapped = twin.Inventory with { Host = twin.Inventory.SecondHost!, SecondHost = twin.Inventory.Host };
        await using (var onHv2 = HyperVBackendFactory.CreateWith(swapped, twin.Lab.Connect, NoGuest, twin.Lab.Clock))
        {
            await onHv2.ProvisionAsync(TwinBackend.Spec() with { Name = "hvc-vm3" }, default); // run42's VM that ended up on hv2
        }

        Assert.Contains(Directory.GetFiles(twin.Share), f => f.Contains("-run42-", StringComparison.Ordinal));
        Assert.Contains(Switches(twin), s => s == "hvcert-run42-peer");
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();

        var exit = await ReapCommand.RunHyperVAsync("inventory.yaml", "run42", (_, _, _) => Backend(twin), stdout, stderr, default);

        Assert.True(exit == ExitCodes.Ok, stderr.ToString());
        Assert.Equal("", stderr.ToString());
        Assert.Matches(@"^reaped \d+ item\(s\)", stdout.ToString());
        var left = twin.Lab.Hosts.SelectMany(h => h.Vms.Values).Select(v => v.Name).ToList();
        Assert.Equal(["hvc-vm2"], left); // run43 is untouched
        Assert.DoesNotContain(Directory.GetFiles(twin.Share), f => f.Contains("-run42-", StringComparison.Ordinal));
        Assert.Contains(Directory.GetFiles(twin.Share), f => f.Contains("-run43-", StringComparison.Ordinal));
        Assert.DoesNotContain(Switches(twin), s => s == "hvcert-run42-peer");
        Assert.Contains(Switches(twin), s => s == "hvcert-run43-peer");
        Assert.Empty(twin.Lab.Hosts.SelectMany(h => h.Rejections)); // every request the reap made was one Hyper-V accepts

        using var again = new StringWriter();
        Assert.Equal(ExitCodes.Ok, await ReapCommand.RunHyperVAsync("inventory.yaml", "run42", (_, _, _) => Backend(twin), again, stderr, default));
        Assert.Equal("nothing to reap", again.ToString().Trim());
    }

    [Fact]
    public async Task Reap_HyperVWithoutInventory_Exit2()
    {
        using var stderr = new StringWriter();

        var exit = await ReapCommand.RunHyperVAsync(null, null, (_, _, _) => throw new InvalidOperationException("not reached"), TextWriter.Null, stderr, default);

        Assert.Equal(ExitCodes.BadInput, exit);
        Assert.Contains("--inventory", stderr.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Reap_HostUnreachable_Exit3_OneLine()
    {
        await using var twin = TwinBackend.Create();
        var elsewhere = twin.Inventory with { Host = twin.Inventory.Host with { Address = "hv9" } };
        using var stderr = new StringWriter();

        var exit = await ReapCommand.RunHyperVAsync("inventory.yaml", null, (_, _, _) => HyperVBackendFactory.CreateWith(elsewhere, twin.Lab.Connect, NoGuest, twin.Lab.Clock),
            TextWriter.Null, stderr, default);

        Assert.Equal(ExitCodes.InfrastructureError, exit);
        Assert.Single(stderr.ToString().Trim().Split('\n'));
        Assert.Contains("hv9", stderr.ToString(), StringComparison.Ordinal);
    }

    private static IHostBackend Backend(TwinBackend twin) => HyperVBackendFactory.CreateWith(twin.Inventory, twin.Lab.Connect, NoGuest, twin.Lab.Clock);

    private static List<string> Switches(TwinBackend twin) => twin.Lab.Hosts
        .SelectMany(h => h.QueryAsync(HvCert.HyperV.Cim.CimRef.VirtualizationV2, "SELECT * FROM Msvm_VirtualEthernetSwitch", default).GetAwaiter().GetResult())
        .Select(s => s.String("ElementName") ?? "").ToList();
}
