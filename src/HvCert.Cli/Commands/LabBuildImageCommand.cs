using System.CommandLine;
using HvCert.Qemu.Images;

namespace HvCert.Cli.Commands;

/// <summary>`hvcert lab build-image --release R [--force]`: builds (or reuses) the cached Debian guest image.</summary>
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
        var command = new Command("build-image",
            "Build a Debian guest disk image with debootstrap (Gen1 BIOS and Gen2 UEFI/Secure Boot from one disk) into the per-user cache. "
            + "Reuses the cached image when its recipe is unchanged.") { release, force };
        command.SetAction(async (result, ct) =>
        {
            if (!LabRelease.TryParse(result.GetValue(release), out var lab))
            {
                Console.Error.WriteLine($"hvcert: --release: unknown release '{result.GetValue(release)}'; "
                    + $"expected one of {string.Join(", ", LabRelease.All.Select(r => r.Codename))}.");
                return ExitCodes.BadInput;
            }

            var store = LabImageStore.CreateDefault();
            return await RunAsync(store, lab, result.GetValue(force), Console.Out, Console.Error, !Console.IsErrorRedirected, ct);
        });
        return command;
    }

    internal static async Task<int> RunAsync(LabImageStore store, LabRelease release, bool force, TextWriter stdout, TextWriter stderr,
        bool interactive, CancellationToken ct)
    {
        if (!force && store.TryGet(release) is { } cached)
        {
            stdout.WriteLine($"hvcert: {release.ImageName} is up to date (recipe {cached.Manifest.RecipeHash}): {cached.DiskPath}");
            return ExitCodes.Ok;
        }

        stderr.WriteLine($"hvcert: building {release.ImageName} (recipe {store.RecipeFor(release).Hash}) into {store.CacheRoot}");
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
            stderr.WriteLine($"hvcert: build of {release.ImageName} cancelled; its temporary files were removed.");
            return ExitCodes.Cancelled;
        }
        catch (ImageBuildException e)
        {
            printer.Finish();
            stderr.WriteLine($"hvcert: {e.Message}");
            stderr.WriteLine($"hvcert: full log: {Path.Combine(store.CacheRoot, release.ImageName + ".failed.log")}");
            return ExitCodes.InfrastructureError;
        }
    }
}
