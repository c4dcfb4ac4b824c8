using System.Diagnostics;

namespace HvCert.Qemu.Deps;

/// <summary>Asks dpkg what is installed and runs apt-get; the only part of install-deps that touches the system.</summary>
internal static class HostPackages
{
    /// <summary>Installed packages among <paramref name="packages"/>; empty when dpkg-query is absent (not Debian).</summary>
    public static async Task<IReadOnlySet<string>> QueryInstalledAsync(IEnumerable<string> packages, CancellationToken ct)
    {
        var (exit, stdout) = await RunAsync("dpkg-query", LabDependencies.DpkgQueryArguments(packages), captureOutput: true, ct);
        // dpkg-query exits 1 when some names are unknown, but still prints the known ones.
        return exit is 0 or 1 ? LabDependencies.ParseInstalled(stdout) : new HashSet<string>();
    }

    public static bool IsRoot => Environment.IsPrivilegedProcess;

    /// <summary>Runs each command with the console attached; returns the first non-zero exit code, or 0.</summary>
    public static async Task<int> RunAllAsync(IEnumerable<IReadOnlyList<string>> commands, CancellationToken ct)
    {
        foreach (var command in commands)
        {
            var (exit, _) = await RunAsync(command[0], command.Skip(1).ToList(), captureOutput: false, ct);
            if (exit != 0)
            {
                return exit;
            }
        }

        return 0;
    }

    private static async Task<(int Exit, string Stdout)> RunAsync(string file, IReadOnlyList<string> args, bool captureOutput, CancellationToken ct)
    {
        var psi = new ProcessStartInfo(file) { UseShellExecute = false, RedirectStandardOutput = captureOutput, RedirectStandardError = captureOutput };
        foreach (var a in args)
        {
            psi.ArgumentList.Add(a);
        }

        if (file == "apt-get")
        {
            psi.Environment["DEBIAN_FRONTEND"] = "noninteractive";
        }

        try
        {
            using var p = Process.Start(psi)!;
            var stdout = captureOutput ? p.StandardOutput.ReadToEndAsync(ct) : Task.FromResult("");
            var stderr = captureOutput ? p.StandardError.ReadToEndAsync(ct) : Task.FromResult("");
            try
            {
                await p.WaitForExitAsync(ct);
            }
            catch (OperationCanceledException)
            {
                p.Kill(entireProcessTree: true);
                throw;
            }

            await stderr;
            return (p.ExitCode, await stdout);
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return (127, "");
        }
    }
}
