using System.CommandLine;
using System.Text.Json;
using HvCert.Qemu.Images;

namespace HvCert.Cli.Commands;

/// <summary>`hvcert lab images`: the cached lab images, marking which ones match the current recipe.</summary>
internal static class LabImagesCommand
{
    public static Command Build()
    {
        var json = new Option<bool>("--json") { Description = "Print the manifests as JSON." };
        var command = new Command("images", "List the lab images and Hyper-V templates in the per-user cache.") { json };
        command.SetAction(result => Run([LabImageStore.CreateDefault(), LabImageStore.CreateDefault(flavor: ImageFlavor.HyperV)],
            result.GetValue(json), Console.Out));
        return command;
    }

    internal static int Run(LabImageStore store, bool json, TextWriter stdout) => Run([store], json, stdout);

    /// <summary>The images of every store (one per flavor, same cache folder), lab images first.</summary>
    internal static int Run(IReadOnlyList<LabImageStore> stores, bool json, TextWriter stdout)
    {
        var store = stores[0];
        var images = stores.SelectMany(s => s.List()).ToList();
        if (json)
        {
            stdout.WriteLine(JsonSerializer.Serialize(
                images.Select(x => new { current = x.Current, disk_path = x.Image.DiskPath, manifest = x.Image.Manifest }), ManifestJson.Options));
            return ExitCodes.Ok;
        }

        stdout.WriteLine($"cache: {store.CacheRoot}");
        if (images.Count == 0)
        {
            stdout.WriteLine("no images yet; build one with: hvcert lab build-image --release bookworm");
            return ExitCodes.Ok;
        }

        foreach (var (image, current) in images)
        {
            var m = image.Manifest;
            stdout.WriteLine($"{image.Name,-24} {(current ? "current" : "stale  "),-8} kernel {m.KernelVersion,-16} "
                + $"{m.SizeBytes / (1024 * 1024),5} MiB  built {m.BuiltAtUtc:yyyy-MM-dd HH:mm} in {m.BuildSeconds:0}s  {image.DiskPath}");
        }

        return ExitCodes.Ok;
    }
}
