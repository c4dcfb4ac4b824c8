using HvCert.Planning;
using HvCert.Qemu.Deps;
using HvCert.Qemu.Images;

namespace HvCert.Cli.Commands;

/// <summary>
/// First use of the QEMU lab from `hvcert run`: installs the lab's Debian packages (as root; otherwise prints the
/// command and stops) and builds or finds every lab image the plan boots, printing progress as it goes.
/// </summary>
internal static class LabPrerequisites
{
    /// <summary>Null when everything is in place; otherwise the exit code to stop with.</summary>
    public static async Task<int?> EnsureAsync(Plan plan, LabImageStore store, TextWriter stdout, TextWriter stderr, bool interactive,
        CancellationToken cancellationToken)
    {
        var installed = await HostPackages.QueryInstalledAsync(LabDependencies.HostPackages, cancellationToken);
        var decision = LabDependencies.Decide(installed, HostPackages.IsRoot);
        if (decision.Action != DepsAction.AlreadyInstalled)
        {
            stdout.WriteLine("hvcert: first use of the QEMU lab: its host packages are missing.");
            var exit = await LabInstallDepsCommand.RunAsync(decision, false, stdout, stderr, HostPackages.RunAllAsync, cancellationToken);
            if (exit != ExitCodes.Ok)
            {
                return exit;
            }
        }

        foreach (var image in plan.Groups.Select(g => g.Target.Images.GetValueOrDefault(g.Generation)).OfType<string>().Distinct())
        {
            if (!LabRelease.TryParse(image, out var release))
            {
                stderr.WriteLine($"hvcert: the matrix names lab image '{image}', which the lab cannot build; use one of "
                    + string.Join(", ", LabRelease.All.Select(r => r.ImageName)) + ".");
                return ExitCodes.BadInput;
            }

            stdout.WriteLine($"hvcert: lab image {release.ImageName}: checking the cache (a first build takes about 5 minutes)");
            try
            {
                using var printer = new LabBuildProgressPrinter(stdout, interactive);
                var ready = await store.EnsureAsync(release, printer, cancellationToken);
                stdout.WriteLine($"hvcert: lab image {release.ImageName} ready ({ready.DiskPath})");
            }
            catch (ImageBuildException ex)
            {
                stderr.WriteLine($"hvcert: building lab image {release.ImageName} failed: {ex.Message}");
                return ExitCodes.InfrastructureError;
            }
        }

        return null;
    }
}
