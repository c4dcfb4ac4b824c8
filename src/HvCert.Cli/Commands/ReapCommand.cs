using System.CommandLine;
using HvCert.Qemu.Lab;

namespace HvCert.Cli.Commands;

/// <summary>`hvcert reap [--run-id X]`: kills QEMU processes and removes folders and namespaces that dead lab runs left behind.</summary>
internal static class ReapCommand
{
    public static Command Build()
    {
        var runId = new Option<string?>("--run-id", "--run") { Description = "Only this run (default: every dead run)." };
        var command = new Command("reap", $"Remove what dead QEMU lab runs left behind (processes, {QemuBackendDefaults.RunRoot}/<runid>, network namespaces).") { runId };
        command.SetAction(result => Run(new QemuReaper(QemuBackendDefaults.RunRoot), result.GetValue(runId), Console.Out));
        return command;
    }

    internal static int Run(QemuReaper reaper, string? runId, TextWriter stdout)
    {
        if (runId is not null && (runId.Contains('/', StringComparison.Ordinal) || runId.Contains("..", StringComparison.Ordinal) || runId.Length == 0))
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
}
