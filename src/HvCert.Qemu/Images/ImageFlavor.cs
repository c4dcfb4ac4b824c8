namespace HvCert.Qemu.Images;

/// <summary>
/// What an image is built for. <see cref="Lab"/>: the QEMU lab's qcow2 (keys through fw_cfg). <see cref="HyperV"/>: a
/// Hyper-V template VHDX from the same stages plus hyperv-daemons, cloud-init (NoCloud only) and the hv drivers in the
/// initramfs; keys come from hvcert's NoCloud seed. Each flavor has its own cache entries.
/// </summary>
internal enum ImageFlavor
{
    Lab,
    HyperV,
}

internal static class ImageFlavors
{
    public static IReadOnlyList<ImageFlavor> All { get; } = [ImageFlavor.Lab, ImageFlavor.HyperV];

    /// <summary>The name on the command line and in manifests: <c>lab</c> or <c>hyperv</c>.</summary>
    public static string Name(this ImageFlavor flavor) => flavor == ImageFlavor.HyperV ? "hyperv" : "lab";

    public static bool TryParse(string? text, out ImageFlavor flavor)
    {
        var key = (text ?? "").Trim().ToLowerInvariant();
        flavor = key is "hyperv" or "hyper-v" ? ImageFlavor.HyperV : ImageFlavor.Lab;
        return key is "lab" or "qemu" or "hyperv" or "hyper-v";
    }

    /// <summary>The image name of a release in this flavor: <c>debian-bookworm</c> or <c>debian-bookworm-hyperv</c>.</summary>
    public static string ImageName(this ImageFlavor flavor, LabRelease release) =>
        flavor == ImageFlavor.HyperV ? release.ImageName + "-hyperv" : release.ImageName;

    /// <summary>The disk file a build leaves and the cache keeps.</summary>
    public static string DiskFileName(this ImageFlavor flavor) => flavor == ImageFlavor.HyperV ? "disk.vhdx" : "disk.qcow2";
}
