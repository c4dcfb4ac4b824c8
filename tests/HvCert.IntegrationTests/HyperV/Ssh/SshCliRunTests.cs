using System.CommandLine;
using HvCert.Cli.Backends;
using HvCert.Cli.Commands;
using HvCert.Probes;
using HvCert.Reporting;
using HvCert.Tests;
using HvCert.Tests.HyperV.Twin;
using Xunit.Abstractions;

namespace HvCert.IntegrationTests.HyperV.Ssh;

/// <summary>
/// `hvcert run --backend hyperv --inventory X` from Linux with X saying protocol: ssh: the real verb (its own option parsing,
/// inventory loading, planning from that inventory, HyperVBackendFactory's SSH branch, reports, exit code) against two loopback
/// sshd + pwsh hosts whose CIM cmdlets reach a twin lab. Only the twin's clock and its scripted guests are handed in (guests
/// cannot be reached over SSH here): everything between the verb and the host is the production path.
/// </summary>
public sealed class SshCliRunTests(ITestOutputHelper output)
{
    [PwshOverSshFact(Timeout = 600_000)]
    public async Task RunVerb_InventorySaysSsh_CompletesWithVerdicts_ExitAsDocumented()
    {
        using var lab = new TwinRun("2025", storageIsShare: true);
        await using var hv1 = PwshHost.WithStorage(lab.Lab.Host("hv1")!, lab.Share);
        await using var hv2 = PwshHost.WithStorage(lab.Lab.Host("hv2")!, lab.Share);
        var dir = Directory.CreateTempSubdirectory("hvcert-cli-ssh-").FullName;
        var matrix = Path.Combine(dir, "matrix.yaml");
        File.WriteAllText(matrix, TwinRun.Matrix.Replace("{HOST}", "2025", StringComparison.Ordinal));
        var inventory = Path.Combine(dir, "inventory.yaml");
        File.WriteAllText(inventory, $"""
            host:
              name: hv1
              address: 127.0.0.1
              protocol: ssh
              ssh: {Ssh(hv1)}
              storage: {"{"} host_path: '{lab.Share}' {"}"}
              version: "2025"
            second_host:
              name: hv2
              address: 127.0.0.1
              protocol: ssh
              ssh: {Ssh(hv2)}
              storage: {"{"} host_path: '{lab.Share}' {"}"}
            switch: hvcert-external
            ssh_user: hvcert
            memory: dynamic
            """);
        var outputDir = Path.Combine(dir, "out");
        var request = Parse("--backend", "hyperv", "--suite", Path.Combine(RepoPaths.Root, "suites", "smoke.yaml"), "--matrix", matrix,
            "--inventory", inventory, "--output", outputDir, "--target", "debian-12");
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();

        var exit = await RunCommand.RunAsync(request, stdout, stderr, CancellationToken.None, new BackendRegistry.HyperVHooks(lab.Lab.Clock, lab.Guests.Connector));

        output.WriteLine(stdout.ToString());
        output.WriteLine(stderr.ToString());
        Assert.True(Directory.Exists(outputDir), $"exit {exit}: {stderr}");
        var runDir = Directory.GetDirectories(outputDir).Single();
        var results = RunResultsLoader.Load(runDir).Results;
        output.WriteLine(TwinRun.Describe(results));
        Assert.Equal(2 * 9, results.Cells.Count); // smoke (9 features) × debian-12 × Gen1, Gen2
        Assert.All(results.Cells, c => Assert.False(string.IsNullOrWhiteSpace(c.Reason), c.Key.ToString()));
        // The same verdicts as the in-process twin run of this suite (the twin's guests decide them; the verb must not change one).
        using var reference = new TwinRun("2025", storageIsShare: true);
        var inProcess = (await reference.RunAsync("smoke")).Cells.Where(c => c.Key.Target == "debian-12").ToDictionary(c => c.Key.ToString(), c => c.Verdict);
        Assert.Equal(inProcess.OrderBy(kv => kv.Key, StringComparer.Ordinal), results.Cells.ToDictionary(c => c.Key.ToString(), c => c.Verdict).OrderBy(kv => kv.Key, StringComparer.Ordinal));
        Assert.True(hv1.Forward.Requests.Count > 50, $"hv1 answered {hv1.Forward.Requests.Count} CIM calls through sshd + pwsh");
        Assert.Empty(lab.Lab.Host("hv1")!.Vms); // every VM removed at the end of the run
        Assert.Empty(Directory.GetFiles(lab.Share)); // and every seed ISO, over SFTP
        // Exit codes as `hvcert run --help` documents them: 3 for an infrastructure error, else 1 when a feature is not supported, else 0.
        var expected = results.Cells.Any(c => c.Verdict == VerdictKind.Error) ? 3 : results.Cells.Any(c => c.Verdict == VerdictKind.NotSupported) ? 1 : 0;
        Assert.Equal(expected, exit);
        Assert.Contains($"hvcert: exit {exit}", stdout.ToString(), StringComparison.Ordinal);
        Directory.Delete(dir, recursive: true);
    }

    private static string Ssh(PwshHost host)
    {
        var ssh = host.Host().Ssh!;
        return $"{{ user: {ssh.User}, key: '{ssh.KeyPath}', host_key_sha256: '{ssh.HostKeySha256}', port: {ssh.Port}, shell: pwsh, timeout_seconds: 300 }}";
    }

    // The verb's own options, as the command line gives them.
    private static RunRequest Parse(params string[] args)
    {
        var options = new RunCommandOptions();
        var command = new Command("run");
        options.AddTo(command);
        var parsed = command.Parse(args);
        Assert.Empty(parsed.Errors);
        return options.Read(parsed);
    }
}
