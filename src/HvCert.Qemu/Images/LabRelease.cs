namespace HvCert.Qemu.Images;

/// <summary>A Debian release the lab can build a guest image for.</summary>
/// <param name="Codename">Debian codename, e.g. <c>bookworm</c>.</param>
/// <param name="Version">Debian major version, e.g. 12.</param>
internal sealed record LabRelease(string Codename, int Version)
{
    public static LabRelease Bullseye { get; } = new("bullseye", 11);

    public static LabRelease Bookworm { get; } = new("bookworm", 12);

    public static LabRelease Trixie { get; } = new("trixie", 13);

    public static IReadOnlyList<LabRelease> All { get; } = [Bullseye, Bookworm, Trixie];

    /// <summary>The lab image name used in VmSpec.Image and the cache, e.g. <c>debian-bookworm</c>.</summary>
    public string ImageName => $"debian-{Codename}";

    /// <summary>The matrix target id, e.g. <c>debian-12</c>.</summary>
    public string TargetId => $"debian-{Version}";

    /// <summary>Accepts a codename (<c>bookworm</c>), an image name (<c>debian-bookworm</c>) or a target id (<c>debian-12</c>).</summary>
    public static bool TryParse(string? text, out LabRelease release)
    {
        var key = (text ?? "").Trim().ToLowerInvariant();
        release = All.FirstOrDefault(r => key == r.Codename || key == r.ImageName || key == r.TargetId)!;
        return release is not null;
    }

    public static LabRelease Parse(string text) => TryParse(text, out var release)
        ? release
        : throw new ArgumentException($"unknown lab release '{text}'; expected one of {string.Join(", ", All.Select(r => r.Codename))}");

    public override string ToString() => ImageName;
}
