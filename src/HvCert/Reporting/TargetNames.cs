using HvCert.Catalog;

namespace HvCert.Reporting;

/// <summary>
/// Splits a matrix target id (<c>debian-12</c>, <c>ubuntu-24.04</c>, <c>freebsd-14.1</c>) into distro and release,
/// and names the distro family as Microsoft's page titles do. The evidence carries only the id, so this is the one place
/// that knows the convention.
/// </summary>
public static class TargetNames
{
    private static readonly Dictionary<string, string> Families = new(StringComparer.OrdinalIgnoreCase)
    {
        ["debian"] = "Debian", ["ubuntu"] = "Ubuntu", ["freebsd"] = "FreeBSD", ["centos"] = "CentOS",
        ["rhel"] = "Red Hat Enterprise Linux", ["oracle"] = "Oracle Linux", ["oraclelinux"] = "Oracle Linux",
        ["sles"] = "SUSE", ["suse"] = "SUSE", ["opensuse"] = "SUSE", ["alma"] = "AlmaLinux", ["almalinux"] = "AlmaLinux",
        ["rocky"] = "Rocky Linux", ["fedora"] = "Fedora",
    };

    public static TargetInfo Parse(string id)
    {
        var dash = id.LastIndexOf('-');
        var distro = dash > 0 ? id[..dash] : id;
        var release = dash > 0 ? id[(dash + 1)..] : "";
        var family = Families.TryGetValue(distro, out var f) ? f : distro;
        var os = distro.Contains("bsd", StringComparison.OrdinalIgnoreCase) ? OsFamily.FreeBsd : OsFamily.Linux;
        return new TargetInfo(id, distro, family, release, os);
    }

    /// <summary>Newest release first, comparing dotted numbers numerically ("10" after "9").</summary>
    public static int CompareReleasesDescending(string a, string b) => -CompareVersions(a, b);

    public static int CompareVersions(string a, string b)
    {
        var pa = a.Split('.', '-');
        var pb = b.Split('.', '-');
        for (var i = 0; i < Math.Max(pa.Length, pb.Length); i++)
        {
            var x = i < pa.Length ? pa[i] : "";
            var y = i < pb.Length ? pb[i] : "";
            var c = int.TryParse(x, out var nx) && int.TryParse(y, out var ny) ? nx.CompareTo(ny) : string.CompareOrdinal(x, y);
            if (c != 0)
            {
                return c;
            }
        }

        return 0;
    }
}
