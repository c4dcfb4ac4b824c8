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
    string BuilderVersion)
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

    public string Hash => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(CanonicalText())))[..16];

    /// <summary>The cache folder name of this recipe's image, e.g. <c>debian-bookworm-0123456789abcdef</c>.</summary>
    public string CacheEntryName => $"{Release.ImageName}-{Hash}";

    public string PackageArgument => string.Join(",", Packages.Order(StringComparer.Ordinal));

    internal string CanonicalText()
    {
        var script = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(ScriptText.ReplaceLineEndings("\n"))));
        return string.Join("\n",
            $"builder={BuilderVersion}",
            $"release={Release.Codename}",
            $"packages={PackageArgument}",
            $"disk_mib={DiskMiB}",
            $"esp_mib={EspMiB}",
            $"script_sha256={script}");
    }

    private static readonly Lazy<string> EmbeddedScript = new(() =>
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream(ScriptResourceName)
            ?? throw new InvalidOperationException($"embedded resource {ScriptResourceName} is missing from HvCert.Qemu");
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return reader.ReadToEnd();
    });
}
