using System.CommandLine;
using HvCert.Qemu.Images;

namespace HvCert.Cli.Commands;

/// <summary>`hvcert lab build-image --release R [--for lab|hyperv] [--force]`: builds (or reuses) the cached Debian guest image or Hyper-V template.</summary>
internal static class LabBuildImageCommand
{
    public static Command Build()
    {
        var release = new Option<string>("--release")
        {
            Description = "Debian release: bullseye, bookworm or trixie (debian-12 and debian-bookworm work too).",
            Required = true,
        };
        var force = new Option<bool>("--force") { Description = "Rebuild even when the cache holds an image of the current recipe." };
        var target = new Option<string>("--for")
        {
            Description = "lab (default): the QEMU lab's qcow2. hyperv: a Hyper-V template disk.vhdx (hyperv-daemons, cloud-init with NoCloud, "
                + "the hv drivers in the initramfs; see src/HvCert.HyperV/TEMPLATES.md).",
            DefaultValueFactory = _ => "lab",
        };
        var command = new Command("build-image",
            "Build a Debian guest disk image with debootstrap (Gen1 BIOS and Gen2 UEFI/Secure Boot from one disk) into the per-user cache. "
            + "Reuses the cached image when its recipe is unchanged.") { release, target, force };
        command.SetAction(async (result, ct) =>
        {
            if (!LabRelease.TryParse(result.GetValue(release), out var lab))
            {
                Console.Error.WriteLine($"hvcert: --release: unknown release '{result.GetValue(release)}'; "
                    + $"expected one of {string.Join(", ", LabRelease.All.Select(r => r.Codename))}.");
                return ExitCodes.BadInput;
            }

            if (!ImageFlavors.TryParse(result.GetValue(target), out var flavor))
            {
                Console.Error.WriteLine($"hvcert: --for: unknown target '{result.GetValue(target)}'; expected one of "
                    + $"{string.Join(", ", ImageFlavors.All.Select(f => f.Name()))}.");
                return ExitCodes.BadInput;
            }

            var store = LabImageStore.CreateDefault(flavor: flavor);
            return await RunAsync(store, lab, result.GetValue(force), Console.Out, Console.Error, !Console.IsErrorRedirected, ct);
        });
        return command;
    }

    internal static async Task<int> RunAsync(LabImageStore store, LabRelease release, bool force, TextWriter stdout, TextWriter stderr,
        bool interactive, CancellationToken ct)
    {
        var name = store.RecipeFor(release).ImageName;
        if (!force && store.TryGet(release) is { } cached)
        {
            stdout.WriteLine($"hvcert: {name} is up to date (recipe {cached.Manifest.RecipeHash}): {cached.DiskPath}");
            return ExitCodes.Ok;
        }

        stderr.WriteLine($"hvcert: building {name} (recipe {store.RecipeFor(release).Hash}) into {store.CacheRoot}");
        using var printer = new LabBuildProgressPrinter(stderr, interactive);
        try
        {
            var image = await store.EnsureAsync(release, printer, ct, force);
            printer.Finish();
            var m = image.Manifest;
            stdout.WriteLine($"hvcert: built {image.Name} in {m.BuildSeconds:0}s: kernel {m.KernelVersion}, "
                + $"{m.SizeBytes / (1024 * 1024)} MiB, sha256 {m.Sha256[..16]}...");
            stdout.WriteLine(image.DiskPath);
            return ExitCodes.Ok;
        }
        catch (OperationCanceledException)
        {
            printer.Finish();
            stderr.WriteLine($"hvcert: build of {name} cancelled; its temporary files were removed.");
            return ExitCodes.Cancelled;
        }
        catch (ImageBuildException e)
        {
            printer.Finish();
            stderr.WriteLine($"hvcert: {e.Message}");
            stderr.WriteLine($"hvcert: full log: {store.FailedLogPath(release)}");
            return ExitCodes.InfrastructureError;
        }
    }
}
