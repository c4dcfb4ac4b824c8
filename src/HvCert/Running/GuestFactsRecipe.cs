using HvCert.Catalog;

namespace HvCert.Running;

/// <summary>
/// The few guest commands that say what a guest is, for one OS family, and how to read them.
/// Linux and FreeBSD are separate recipes, chosen by the target's OS family.
/// </summary>
internal sealed record GuestFactsRecipe(
    IReadOnlyList<(string Key, string Command)> Commands,
    Func<IReadOnlyDictionary<string, string>, string> Distro,
    Func<IReadOnlyDictionary<string, string>, string> Kernel,
    string PackagesKey)
{
    public static GuestFactsRecipe For(OsFamily os) => os == OsFamily.FreeBsd ? FreeBsd : Linux;

    public static readonly GuestFactsRecipe Linux = new(
        [
            ("os_release", "cat /etc/os-release"),
            ("kernel", "uname -r"),
            ("packages", "dpkg-query -W -f='${Package} ${Version}\\n' hyperv-daemons qemu-guest-agent openssh-server chrony "
                + "linux-image-amd64 2>/dev/null; rpm -q --qf '%{NAME} %{VERSION}-%{RELEASE}\\n' hyperv-daemons hypervkvpd "
                + "hypervvssd hypervfcopyd qemu-guest-agent 2>/dev/null | grep -v 'not installed'; true"),
            ("modules", "lsmod | awk 'NR>1 && $1 ~ /^(hv_|hyperv|virtio|vmbus)/ {print $1}'"),
        ],
        raw => OsRelease(raw.GetValueOrDefault("os_release", "")),
        raw => FirstLine(raw.GetValueOrDefault("kernel", "")),
        "packages");

    public static readonly GuestFactsRecipe FreeBsd = new(
        [
            ("freebsd_version", "freebsd-version -ku"),
            ("kernel", "uname -r"),
            ("packages", "pkg query '%n %v' qemu-guest-agent openssh-portable 2>/dev/null; true"),
            ("modules", "kldstat -q -m hv_vmbus && echo hv_vmbus; kldstat | awk 'NR>1 {print $5}'"),
        ],
        raw => "FreeBSD " + LastLine(raw.GetValueOrDefault("freebsd_version", "")),
        raw => FirstLine(raw.GetValueOrDefault("kernel", "")),
        "packages");

    /// <summary>"name version" lines into a map; a name listed without a version is installed-but-unknown, kept as "absent".</summary>
    public static IReadOnlyDictionary<string, string> ParsePackages(string text)
    {
        var packages = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var line in text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var parts = line.Split(' ', 2, StringSplitOptions.TrimEntries);
            packages[parts[0]] = parts.Length == 2 && parts[1].Length > 0 ? parts[1] : "absent";
        }

        return packages;
    }

    private static string OsRelease(string text)
    {
        var fields = text.Split('\n')
            .Select(l => l.Split('=', 2))
            .Where(p => p.Length == 2)
            .ToDictionary(p => p[0].Trim(), p => p[1].Trim().Trim('"'));
        return fields.GetValueOrDefault("PRETTY_NAME") ?? fields.GetValueOrDefault("NAME") ?? "unknown";
    }

    private static string FirstLine(string text) => text.Split('\n', StringSplitOptions.TrimEntries).FirstOrDefault(l => l.Length > 0) ?? "unknown";

    private static string LastLine(string text) => text.Split('\n', StringSplitOptions.TrimEntries).LastOrDefault(l => l.Length > 0) ?? "unknown";
}
