using System.Text.Json.Serialization;

namespace HvCert.Qemu.Images;

/// <summary>A built, cached lab image: a qcow2 to put overlays on (use its absolute path as the backing file).</summary>
internal sealed record LabImage(string DiskPath, LabRelease Release, string KernelVersion, LabImageManifest Manifest)
{
    public string Name => Manifest.ImageName;

    public ImageFlavor Flavor => Manifest.Flavor == ImageFlavor.HyperV.Name() ? ImageFlavor.HyperV : ImageFlavor.Lab;

    public string Directory => Path.GetDirectoryName(DiskPath)!;
}

/// <summary>One step of a build with its duration, kept in the manifest.</summary>
internal sealed record ImageBuildStep(string Name, double Seconds);

/// <summary>manifest.json next to the disk (disk.qcow2, or disk.vhdx for a Hyper-V template) in a cache entry; Flavor is null for the lab.</summary>
internal sealed record LabImageManifest(
    string Release,
    int DebianVersion,
    string ImageName,
    string RecipeHash,
    string BuilderVersion,
    string KernelVersion,
    string KernelCmdline,
    IReadOnlyDictionary<string, string> PackageVersions,
    string DiskFile,
    string Sha256,
    long SizeBytes,
    [property: JsonPropertyName("virtual_size_mib")] int VirtualSizeMiB,
    double BuildSeconds,
    DateTimeOffset BuiltAtUtc,
    string BuildId,
    IReadOnlyList<ImageBuildStep> Steps,
    IReadOnlyDictionary<string, string> FwCfg,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Flavor = null)
{
    public const string FileName = "manifest.json";
}

/// <summary>
/// Progress of a build: the step running now and the time since the build began. A report with <paramref name="Detail"/>
/// updates the running step ("unpacking 57/142 packages"); <paramref name="Milestone"/> marks a detail worth its own log line.
/// </summary>
internal sealed record ImageBuildProgress(string Image, string Step, int StepNumber, int StepCount, TimeSpan Elapsed, bool StepFinished,
    string? Detail = null, bool Milestone = false);
