using System.Globalization;
using HvCert.Catalog;

namespace HvCert.HyperV.HostColumns;

/// <summary>
/// The Windows Server release a host runs, from what it reports in Win32_OperatingSystem: BuildNumber and ProductType.
/// Builds per release from Microsoft's "Windows Server release information" page (learn.microsoft.com/windows/release-health/
/// windows-server-release-info) and the same constants in Microsoft's hcsshim osversion package (RS1 14393 = Server 2016,
/// RS5 17763 = Server 2019, V21H2Server 20348 = Server 2022, LTSC2025 26100 = Server 2025); 2008 R2 = 6.1.7601, 2012 = 6.2.9200
/// and 2012 R2 = 6.3.9600 from Microsoft's "Operating System Version" table (learn.microsoft.com/windows/win32/sysinfo/
/// operating-system-version). Windows 10/11 share builds with servers (10 1607 = 14393, 10 1809 =
/// 17763, 11 24H2 = 26100), so ProductType (1 work station, 2 domain controller, 3 server; Win32_OperatingSystem page)
/// tells them apart: a client build is no Windows Server release, whatever its number. An unknown build (an Insider or
/// Annual Channel server such as 23H2 = 25398) maps to none: it is not one of the releases Microsoft's table has columns for.
/// </summary>
public static class WindowsServerBuilds
{
    private static readonly Dictionary<int, HostVersion> Releases = new()
    {
        [7601] = HostVersion.Ws2008R2,
        [9200] = HostVersion.Ws2012,
        [9600] = HostVersion.Ws2012R2,
        [14393] = HostVersion.Ws2016,
        [17763] = HostVersion.Ws2019,
        [20348] = HostVersion.Ws2022,
        [26100] = HostVersion.Ws2025,
    };

    /// <summary>The release for a reported build, or null (not a number, a client edition, or a build of no listed release).</summary>
    /// <param name="productType">Win32_OperatingSystem.ProductType; null when the host did not report it (then the build alone decides).</param>
    public static HostVersion? ReleaseOf(string? build, uint? productType)
    {
        if (productType == 1 || !int.TryParse(build, NumberStyles.None, CultureInfo.InvariantCulture, out var number))
        {
            return null;
        }

        return Releases.TryGetValue(number, out var release) ? release : null;
    }

    /// <summary>The build Microsoft lists for a release, e.g. 17763 for 2019.</summary>
    public static int BuildOf(HostVersion release) => Releases.First(kv => kv.Value == release).Key;

    /// <summary>The matrix column label of a release, as MatrixLoader spells it: "2019", "2012r2".</summary>
    public static string ColumnOf(HostVersion release) => release.Display().Replace(" ", "", StringComparison.Ordinal).ToLowerInvariant();
}
