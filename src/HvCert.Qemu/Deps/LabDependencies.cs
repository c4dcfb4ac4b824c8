namespace HvCert.Qemu.Deps;

/// <summary>What `hvcert lab install-deps` decided: nothing to do, install now (root), or tell the user the command.</summary>
internal enum DepsAction
{
    AlreadyInstalled,
    Install,
    NeedsRoot,
}

internal sealed record DepsDecision(DepsAction Action, IReadOnlyList<string> Missing, IReadOnlyList<IReadOnlyList<string>> Commands)
{
    /// <summary>The commands as one shell line, prefixed with sudo when the user must run them.</summary>
    public string ShellLine => string.Join(" && ", Commands.Select(c => (Action == DepsAction.NeedsRoot ? "sudo " : "") + string.Join(' ', c)));
}

/// <summary>The Debian host packages the QEMU lab needs: to build images and to run VMs under TCG.</summary>
internal static class LabDependencies
{
    public static IReadOnlyList<string> HostPackages { get; } =
    [
        // running VMs: QEMU, qemu-img, OVMF (UEFI and Secure Boot firmware), ssh-keygen for per-VM keys
        "qemu-system-x86", "qemu-utils", "ovmf", "openssh-client",
        // building images: debootstrap + keyring, file systems without loop devices, partitioning, GRUB for BIOS boot
        "debootstrap", "debian-archive-keyring", "mtools", "dosfstools", "fdisk", "e2fsprogs",
        "grub-pc-bin", "grub-efi-amd64-bin", "grub2-common",
    ];

    /// <summary>
    /// What `hvcert lab install-deps` adds for the test suite only: independent readers of what hvcert writes (isoinfo reads the
    /// Hyper-V NoCloud seed ISO back). `hvcert run` does not need them, so its first use does not install them.
    /// </summary>
    public static IReadOnlyList<string> TestToolPackages { get; } = ["genisoimage"];

    /// <summary>Everything `hvcert lab install-deps` installs.</summary>
    public static IReadOnlyList<string> InstallDepsPackages { get; } = [.. HostPackages, .. TestToolPackages];

    /// <summary>Pure decision: which packages are missing and what to run (or print).</summary>
    public static DepsDecision Decide(IReadOnlySet<string> installed, bool isRoot, IReadOnlyList<string>? wanted = null)
    {
        var missing = (wanted ?? HostPackages).Where(p => !installed.Contains(p)).ToList();
        if (missing.Count == 0)
        {
            return new DepsDecision(DepsAction.AlreadyInstalled, missing, []);
        }

        IReadOnlyList<IReadOnlyList<string>> commands =
        [
            ["apt-get", "update"],
            ["apt-get", "install", "-y", "--no-install-recommends", .. missing],
        ];
        return new DepsDecision(isRoot ? DepsAction.Install : DepsAction.NeedsRoot, missing, commands);
    }

    /// <summary>Parses <c>dpkg-query -W -f='${Package}\t${Status}\n'</c>: a package counts when its status is "install ok installed".</summary>
    public static IReadOnlySet<string> ParseInstalled(string dpkgQueryOutput) => dpkgQueryOutput
        .Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
        .Select(line => line.Split('\t'))
        .Where(f => f.Length == 2 && f[1].EndsWith(" installed", StringComparison.Ordinal) && !f[1].Contains("not-installed", StringComparison.Ordinal))
        .Select(f => f[0].Split(':')[0])
        .ToHashSet(StringComparer.Ordinal);

    /// <summary>The dpkg-query arguments that list the status of <paramref name="packages"/>.</summary>
    public static IReadOnlyList<string> DpkgQueryArguments(IEnumerable<string> packages) =>
        ["-W", "-f=${Package}\\t${Status}\\n", .. packages];
}
