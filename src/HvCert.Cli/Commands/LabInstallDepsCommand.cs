using System.CommandLine;
using HvCert.Qemu.Deps;

namespace HvCert.Cli.Commands;

/// <summary>`hvcert lab install-deps`: like `playwright install-deps`, installs the lab's Debian packages as root, else prints the command.</summary>
internal static class LabInstallDepsCommand
{
    public static Command Build()
    {
        var dryRun = new Option<bool>("--dry-run") { Description = "Only say what is missing and which command would install it." };
        var command = new Command("install-deps",
            "Install the Debian packages the QEMU lab needs (QEMU, OVMF, debootstrap, GRUB, mtools, ...) and genisoimage (isoinfo, for the tests). "
            + "As root it runs apt-get; otherwise it prints the exact command and exits 3.") { dryRun };
        command.SetAction(async (result, ct) =>
        {
            var installed = await HostPackages.QueryInstalledAsync(LabDependencies.InstallDepsPackages, ct);
            var decision = LabDependencies.Decide(installed, HostPackages.IsRoot, LabDependencies.InstallDepsPackages);
            return await RunAsync(decision, result.GetValue(dryRun), Console.Out, Console.Error, HostPackages.RunAllAsync, ct);
        });
        return command;
    }

    /// <summary>Acts on a decision; <paramref name="run"/> executes commands (replaced in tests).</summary>
    internal static async Task<int> RunAsync(DepsDecision decision, bool dryRun, TextWriter stdout, TextWriter stderr,
        Func<IEnumerable<IReadOnlyList<string>>, CancellationToken, Task<int>> run, CancellationToken ct)
    {
        switch (decision.Action)
        {
            case DepsAction.AlreadyInstalled:
                stdout.WriteLine("hvcert: all lab packages are installed; nothing to do.");
                return ExitCodes.Ok;
            case DepsAction.NeedsRoot:
                stderr.WriteLine($"hvcert: missing Debian packages: {string.Join(' ', decision.Missing)}");
                stderr.WriteLine("hvcert: installing them needs root. Run:");
                stdout.WriteLine(decision.ShellLine);
                return ExitCodes.InfrastructureError;
            default:
                stdout.WriteLine($"hvcert: installing {string.Join(' ', decision.Missing)}");
                if (dryRun)
                {
                    stdout.WriteLine(decision.ShellLine);
                    return ExitCodes.Ok;
                }

                var exit = await run(decision.Commands, ct);
                if (exit != 0)
                {
                    stderr.WriteLine($"hvcert: apt-get failed (exit {exit}); the command was: {decision.ShellLine}");
                    return ExitCodes.InfrastructureError;
                }

                stdout.WriteLine("hvcert: lab packages installed.");
                return ExitCodes.Ok;
        }
    }
}
