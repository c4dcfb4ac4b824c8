using System.Reflection;
using System.Security.Cryptography;
using System.Text;

namespace HvCert.Qemu.Images;

/// <summary>
/// Everything that decides an image's bytes. Its <see cref="Hash"/> names the cache entry, so any change to the
/// script, the package list, the release, the sizes or the builder version makes a new image.
/// </summary>
internal sealed record ImageRecipe(
    LabRelease Release,
    IReadOnlyList<string> Packages,
    string ScriptText,
    int DiskMiB,
    int EspMiB,
    string BuilderVersion,
    ImageFlavor Flavor = ImageFlavor.Lab)
{
    /// <summary>Bump when the C# side of the build changes the result (the script text is hashed separately).</summary>
    public const string CurrentBuilderVersion = "1";

    /// <summary>The guest packages: what the probes need and nothing more (Depends are pulled in by debootstrap).</summary>
    public static IReadOnlyList<string> GuestPackages { get; } =
    [
        "linux-image-amd64", "systemd-sysv", "udev", "dbus", "kmod", "procps", "util-linux", "e2fsprogs",
        "openssh-server", "openssh-sftp-server", "qemu-guest-agent", "chrony",
        "iproute2", "ethtool", "iputils-ping", "pciutils", "sg3-utils", "mokutil",
    ];


    public const string ScriptResourceName = "HvCert.Qemu.Images.build-image.sh";

    public static ImageRecipe For(LabRelease release) =>
        new(release, GuestPackages, EmbeddedScript.Value, DiskMiB: 4096, EspMiB: 64, CurrentBuilderVersion);

    public static ImageRecipe For(LabRelease release, ImageFlavor flavor) => flavor == ImageFlavor.HyperV
        // debootstrap gets the lab's packages; the Hyper-V stage installs hyperv-daemons, cloud-init and sudo with the guest's apt.
        ? new(release, GuestPackages, HyperVScript(EmbeddedScript.Value, Embedded("build-image-hyperv.sh"), Embedded("build-image-vhdx.sh")),
            DiskMiB: 4096, EspMiB: 64, CurrentBuilderVersion, ImageFlavor.HyperV)
        : For(release);

    /// <summary>
    /// The lab script with the Hyper-V stage spliced in before "filesystems" and its qcow2 tail replaced by the VHDX one, so both
    /// flavors share every other stage and the lab script (hence the lab image's recipe hash) stays untouched.
    /// </summary>
    internal static string HyperVScript(string labScript, string hypervStage, string vhdxTail)
    {
        var text = labScript.ReplaceLineEndings("\n");
        var filesystems = text.IndexOf("\nstep filesystems\n", StringComparison.Ordinal);
        var qcow2 = text.IndexOf("\nstep qcow2\n", StringComparison.Ordinal);
        if (filesystems < 0 || qcow2 < filesystems)
        {
            throw new InvalidOperationException("build-image.sh has no 'step filesystems' before 'step qcow2': the Hyper-V stage cannot be spliced in");
        }

        return text[..(filesystems + 1)] + hypervStage.ReplaceLineEndings("\n").TrimEnd('\n') + "\n\n"
            + text[(filesystems + 1)..(qcow2 + 1)] + vhdxTail.ReplaceLineEndings("\n");
    }

    /// <summary>The steps this recipe's script announces, in order.</summary>
    public IReadOnlyList<string> Steps => Flavor == ImageFlavor.HyperV
        ? [.. BuildScriptOutput.Steps.TakeWhile(s => s != "filesystems"), "hyperv", .. BuildScriptOutput.Steps.SkipWhile(s => s != "filesystems").Where(s => s != "qcow2"), "vhdx"]
        : BuildScriptOutput.Steps;

    /// <summary>The image name: <c>debian-bookworm</c> (lab) or <c>debian-bookworm-hyperv</c>.</summary>
    public string ImageName => Flavor.ImageName(Release);

    public string DiskFileName => Flavor.DiskFileName();

    public string Hash => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(CanonicalText())))[..16];

    /// <summary>The cache folder name of this recipe's image, e.g. <c>debian-bookworm-0123456789abcdef</c>.</summary>
    public string CacheEntryName => $"{ImageName}-{Hash}";

    public string PackageArgument => string.Join(",", Packages.Order(StringComparer.Ordinal));

    internal string CanonicalText()
    {
        var script = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(ScriptText.ReplaceLineEndings("\n"))));
        // The lab flavor's text is unchanged from before flavors existed, so existing lab caches stay current.
        string[] flavor = Flavor == ImageFlavor.Lab ? [] : [$"flavor={Flavor.Name()}"];
        string[] lines =
        [
            $"builder={BuilderVersion}",
            $"release={Release.Codename}",
            $"packages={PackageArgument}",
            $"disk_mib={DiskMiB}",
            $"esp_mib={EspMiB}",
            $"script_sha256={script}",
            .. flavor,
        ];
        return string.Join("\n", lines);
    }

    private static readonly Lazy<string> EmbeddedScript = new(() => Embedded("build-image.sh"));

    private static string Embedded(string file)
    {
        var name = "HvCert.Qemu.Images." + file;
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"embedded resource {name} is missing from HvCert.Qemu");
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return reader.ReadToEnd();
    }
}
