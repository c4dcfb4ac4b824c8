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
        var command = new Command("images", "List the lab images in the per-user cache.") { json };
        command.SetAction(result => Run(LabImageStore.CreateDefault(), result.GetValue(json), Console.Out));
        return command;
    }

    internal static int Run(LabImageStore store, bool json, TextWriter stdout)
    {
        var images = store.List();
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
            stdout.WriteLine($"{image.Name,-17} {(current ? "current" : "stale  "),-8} kernel {m.KernelVersion,-16} "
                + $"{m.SizeBytes / (1024 * 1024),5} MiB  built {m.BuiltAtUtc:yyyy-MM-dd HH:mm} in {m.BuildSeconds:0}s  {image.DiskPath}");
        }

        return ExitCodes.Ok;
    }
}
