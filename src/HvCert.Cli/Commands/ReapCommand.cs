using System.CommandLine;
using HvCert.Hosts;
using HvCert.Qemu.Lab;
using HvCert.Validation;

namespace HvCert.Cli.Commands;

/// <summary>
/// `hvcert reap [--run-id X]`: removes what dead runs left behind. QEMU lab (default): QEMU processes, folders and network
/// namespaces of runs whose owner process is gone. Hyper-V (`--backend hyperv --inventory FILE`): on both inventory hosts,
/// the VMs whose Notes carry a run id, their disks, seed ISOs and staged files under storage.host_path (over SFTP with
/// protocol: ssh) and the runs' private switches with their ports.
/// </summary>
internal static class ReapCommand
{
    public static Command Build()
    {
        var runId = new Option<string?>("--run-id", "--run") { Description = "Only this run (default: every dead run; on Hyper-V every hvcert run, so run it when no run uses the hosts)." };
        var backend = new Option<string?>("--backend") { Description = "qemu (default) or hyperv." };
        var inventory = new Option<string?>("--inventory") { Description = "Hyper-V only: the inventory whose hosts to clean (see matrices/hyperv-inventory.example.yaml)." };
        var command = new Command("reap", $"Remove what dead runs left behind: QEMU lab processes, {QemuBackendDefaults.RunRoot}/<runid> and network namespaces; "
            + "with --backend hyperv --inventory FILE the runs' VMs, disks, seed ISOs and private switches on the Hyper-V hosts. "
            + "Exit 0 done, 2 bad input, 3 a host could not be reached or refused.") { runId, backend, inventory };
        command.SetAction(async (result, ct) => result.GetValue(backend) switch
        {
            null or "qemu" => Run(new QemuReaper(QemuBackendDefaults.RunRoot), result.GetValue(runId), Console.Out),
            "hyperv" => await RunHyperVAsync(result.GetValue(inventory), result.GetValue(runId), HvCert.HyperV.HyperVBackendFactory.Create, Console.Out, Console.Error, ct),
            var other => BadBackend(other),
        });
        return command;
    }

    internal static int Run(QemuReaper reaper, string? runId, TextWriter stdout)
    {
        if (!IsRunId(runId))
        {
            Console.Error.WriteLine($"hvcert reap: '{runId}' is not a run id (a run id names a folder under {QemuBackendDefaults.RunRoot})");
            return ExitCodes.BadInput;
        }

        var result = reaper.Reap(runId, new HashSet<string>());
        foreach (var line in result.Lines)
        {
            stdout.WriteLine(line);
        }

        stdout.WriteLine(result.Removed == 0 ? "nothing to reap" : $"reaped {result.Removed} item(s)");
        return ExitCodes.Ok;
    }

    /// <param name="create">Opens the Hyper-V backend for an inventory file (production: HyperVBackendFactory.Create).</param>
    internal static async Task<int> RunHyperVAsync(string? inventory, string? runId, Func<string?, TimeProvider?, HvCert.HyperV.GuestConnector?, IHostBackend> create,
        TextWriter stdout, TextWriter stderr, CancellationToken ct)
    {
        if (inventory is null)
        {
            stderr.WriteLine("hvcert reap: --backend hyperv needs --inventory <file>, the inventory whose hosts to clean");
            return ExitCodes.BadInput;
        }

        if (!IsRunId(runId))
        {
            stderr.WriteLine($"hvcert reap: '{runId}' is not a run id (the folder name under --output, e.g. 20261125-181400-ab12)");
            return ExitCodes.BadInput;
        }

        try
        {
            await using var backend = create(inventory, null, null);
            var removed = await backend.ReapAsync(runId, ct);
            stdout.WriteLine(removed == 0 ? "nothing to reap" : $"reaped {removed} item(s)");
            return ExitCodes.Ok;
        }
        catch (InputException e)
        {
            CliOutput.PrintDiagnostics(stderr, e.Diagnostics);
            return ExitCodes.BadInput;
        }
        catch (Exception e) when (e is InfrastructureException or HvCert.HyperV.Cim.CimGatewayException or HvCert.HyperV.Jobs.HyperVException or IOException)
        {
            stderr.WriteLine($"hvcert reap: {HvCert.Reporting.TextEscaping.Visible(e.Message)}");
            return ExitCodes.InfrastructureError;
        }
    }

    private static bool IsRunId(string? runId) =>
        runId is null || (runId.Length > 0 && !runId.Contains('/', StringComparison.Ordinal) && !runId.Contains("..", StringComparison.Ordinal));

    private static int BadBackend(string backend)
    {
        Console.Error.WriteLine($"hvcert reap: --backend '{HvCert.Reporting.TextEscaping.Visible(backend)}' is not a backend; use qemu or hyperv");
        return ExitCodes.BadInput;
    }
}
