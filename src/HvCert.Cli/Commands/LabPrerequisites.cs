using HvCert.Planning;
using HvCert.Qemu.Deps;
using HvCert.Qemu.Images;

namespace HvCert.Cli.Commands;

/// <summary>
/// First use of the QEMU lab from `hvcert run`: installs the lab's Debian packages (as root; otherwise prints the
/// command and stops), and builds or finds every lab image the plan boots, printing progress as it goes.
/// Each returns null when everything is in place, otherwise the exit code to stop with.
/// </summary>
internal static class LabPrerequisites
{
    public static async Task<int?> InstallPackagesAsync(TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken)
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

        return null;
    }

    /// <summary>Exit 2 when the plan boots a lab image the lab cannot build (checked before anything is installed).</summary>
    public static int? CheckImageNames(Plan plan, TextWriter stderr)
    {
        foreach (var image in ImagesOf(plan).Where(i => !LabRelease.TryParse(i, out _)))
        {
            stderr.WriteLine($"hvcert: the matrix names lab image '{image}', which the lab cannot build; use one of "
                + string.Join(", ", LabRelease.All.Select(r => r.ImageName)) + ".");
            return ExitCodes.BadInput;
        }

        return null;
    }

    public static async Task<int?> BuildImagesAsync(Plan plan, LabImageStore store, TextWriter stdout, TextWriter stderr, bool interactive,
        CancellationToken cancellationToken)
    {
        foreach (var release in ImagesOf(plan).Select(LabRelease.Parse))
        {
            stdout.WriteLine($"hvcert: lab image {release.ImageName}: checking the cache (a first build takes about 5 minutes)");
            try
            {
                using var printer = new LabBuildProgressPrinter(stdout, interactive);
                var ready = await store.EnsureAsync(release, printer, cancellationToken);
                printer.Finish();
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

    private static IEnumerable<string> ImagesOf(Plan plan) =>
        plan.Groups.Select(g => g.Target.Images.GetValueOrDefault(g.Generation)).OfType<string>().Distinct(StringComparer.Ordinal);
}
