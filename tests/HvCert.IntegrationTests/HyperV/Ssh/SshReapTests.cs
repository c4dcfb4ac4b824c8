using HvCert.Catalog;
using HvCert.Cli;
using HvCert.Cli.Commands;
using HvCert.HyperV;
using HvCert.Tests.HyperV.Twin;
using HvCert.Transport;

namespace HvCert.IntegrationTests.HyperV.Ssh;

/// <summary>
/// `hvcert reap --backend hyperv --inventory X --run-id R` with X saying protocol: ssh: the production factory reaches both
/// twin hosts through real sshd + pwsh + CimForward, removes the killed run's VMs and peer switch over CIM and its files over
/// SFTP, and leaves another run's alone.
/// </summary>
public sealed class SshReapTests
{
    private static readonly GuestConnector NoGuest = (_, _, _) => Task.FromException<IGuestTransport>(new GuestUnreachableException("no guest side"));

    [PwshOverSshFact(Timeout = 600_000)]
    public async Task Reap_InventorySaysSsh_RemovesThatRunsVmsSwitchAndFilesOnBothHosts_LeavesOtherRuns()
    {
        using var lab = new TwinRun("2025", storageIsShare: true);
        await using var hv1 = PwshHost.WithStorage(lab.Lab.Host("hv1")!, lab.Share);
        await using var hv2 = PwshHost.WithStorage(lab.Lab.Host("hv2")!, lab.Share, "127.0.0.2");
        var twins = lab.Inventory with
        {
            Templates = new Dictionary<string, IReadOnlyDictionary<Generation, string>>
            {
                ["debian-12"] = new Dictionary<Generation, string> { [Generation.Gen2] = @"D:\templates\debian-12-gen2.vhdx" },
            },
        };
        // A killed run (run42) left a VM on each host (never disposed); another run (run43) still has one on hv1.
        await using (var run42 = HyperVBackendFactory.CreateWith(twins, lab.Lab.Connect, NoGuest, lab.Lab.Clock))
        {
            await run42.ProvisionAsync(TwinBackend.Spec(), default);
        }

        await using (var run43 = HyperVBackendFactory.CreateWith(twins, lab.Lab.Connect, NoGuest, lab.Lab.Clock))
        {
            await run43.ProvisionAsync(TwinBackend.Spec() with { RunId = "run43", Name = "hvc-vm2" }, default);
        }

        var swapped = twins with { Host = twins.SecondHost!, SecondHost = twins.Host };
        await using (var onHv2 = HyperVBackendFactory.CreateWith(swapped, lab.Lab.Connect, NoGuest, lab.Lab.Clock))
        {
            await onHv2.ProvisionAsync(TwinBackend.Spec() with { Name = "hvc-vm3" }, default);
        }

        Assert.Contains(Directory.GetFiles(lab.Share), f => f.Contains("-run42-", StringComparison.Ordinal));
        Assert.Contains(Switches(lab), s => s == "hvcert-run42-peer");
        var dir = Directory.CreateTempSubdirectory("hvcert-reap-ssh-").FullName;
        var inventory = Path.Combine(dir, "inventory.yaml");
        File.WriteAllText(inventory, $"""
            host:
              name: hv1
              address: 127.0.0.1
              protocol: ssh
              ssh: {Ssh(hv1)}
              storage: {"{"} host_path: '{lab.Share}' {"}"}
            second_host:
              name: hv2
              address: 127.0.0.2
              protocol: ssh
              ssh: {Ssh(hv2)}
              storage: {"{"} host_path: '{lab.Share}' {"}"}
            switch: hvcert-external
            """);
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();

        // The production factory (SSH branch); only the twin's clock is handed in, as the CLI test does: the twin's jobs finish
        // on the lab clock, which a reap's job waits must advance.
        var exit = await ReapCommand.RunHyperVAsync(inventory, "run42", (path, _, _) => HyperVBackendFactory.Create(path, lab.Lab.Clock, NoGuest),
            stdout, stderr, default);

        Assert.True(exit == ExitCodes.Ok, $"exit {exit}: {stderr}");
        Assert.Equal("", stderr.ToString());
        Assert.Matches(@"^reaped \d+ item\(s\)", stdout.ToString());
        Assert.Equal(["hvc-vm2"], lab.Lab.Hosts.SelectMany(h => h.Vms.Values).Select(v => v.Name).ToList());
        Assert.DoesNotContain(Directory.GetFiles(lab.Share), f => f.Contains("-run42-", StringComparison.Ordinal));
        Assert.Contains(Directory.GetFiles(lab.Share), f => f.Contains("-run43-", StringComparison.Ordinal));
        Assert.DoesNotContain(Switches(lab), s => s == "hvcert-run42-peer");
        Assert.Contains(Switches(lab), s => s == "hvcert-run43-peer");
        // Both hosts were reached through sshd + pwsh (the VM on hv2 is gone by hv2's own CIM calls), and Hyper-V's rules held.
        Assert.Contains(hv1.Forward.Requests, r => (string?)r["op"] == "invoke");
        Assert.Contains(hv2.Forward.Requests, r => (string?)r["op"] == "invoke");
        Assert.Empty(lab.Lab.Hosts.SelectMany(h => h.Rejections));
        Directory.Delete(dir, recursive: true);
    }

    private static string Ssh(PwshHost host)
    {
        var ssh = host.Host().Ssh!;
        return $"{{ user: {ssh.User}, key: '{ssh.KeyPath}', host_key_sha256: '{ssh.HostKeySha256}', port: {ssh.Port}, shell: pwsh, timeout_seconds: 300 }}";
    }

    private static List<string> Switches(TwinRun lab) => lab.Lab.Hosts
        .SelectMany(h => h.QueryAsync(HvCert.HyperV.Cim.CimRef.VirtualizationV2, "SELECT * FROM Msvm_VirtualEthernetSwitch", default).GetAwaiter().GetResult())
        .Select(s => s.String("ElementName") ?? "").ToList();
}
