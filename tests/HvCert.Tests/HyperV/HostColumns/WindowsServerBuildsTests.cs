using HvCert.Catalog;
using HvCert.HyperV.HostColumns;

namespace HvCert.Tests.HyperV.HostColumns;

/// <summary>
/// Build → release as Microsoft lists it (Windows Server release information; hcsshim osversion: RS1 14393 = 2016, RS5 17763 =
/// 2019, V21H2Server 20348 = 2022, LTSC2025 26100 = 2025), and the clients that share those builds (ProductType 1).
/// </summary>
public sealed class WindowsServerBuildsTests
{
    [Theory]
    [InlineData("14393", HostVersion.Ws2016)]
    [InlineData("17763", HostVersion.Ws2019)]
    [InlineData("20348", HostVersion.Ws2022)]
    [InlineData("26100", HostVersion.Ws2025)]
    [InlineData("9600", HostVersion.Ws2012R2)]
    public void ReleaseOf_ServerBuild_IsItsRelease(string build, HostVersion release)
    {
        Assert.Equal(release, WindowsServerBuilds.ReleaseOf(build, 3));
        Assert.Equal(release, WindowsServerBuilds.ReleaseOf(build, 2)); // a domain controller is a server too
        Assert.Equal(release, WindowsServerBuilds.ReleaseOf(build, null));
        Assert.Equal(int.Parse(build, System.Globalization.CultureInfo.InvariantCulture), WindowsServerBuilds.BuildOf(release));
    }

    [Theory]
    [InlineData("17763", 1u)] // Windows 10 1809 / LTSC 2019: same build as Server 2019, but a work station
    [InlineData("26100", 1u)] // Windows 11 24H2
    [InlineData("25398", 3u)] // Windows Server 23H2 (Annual Channel): no column in Microsoft's table
    [InlineData("22631", 1u)] // Windows 11 23H2: the old ">= 20348 is 2022" rule called this a 2022 host
    [InlineData("", 3u)]
    [InlineData("17763.5458", 3u)] // BuildNumber carries no revision; anything else is not a build we read
    public void ReleaseOf_ClientOrUnlistedBuild_IsNoRelease(string build, uint productType)
    {
        Assert.Null(WindowsServerBuilds.ReleaseOf(build, productType));
    }

    [Theory]
    [InlineData(HostVersion.Ws2019, "2019")]
    [InlineData(HostVersion.Ws2012R2, "2012r2")]
    public void ColumnOf_SpellsTheMatrixLabel(HostVersion release, string label)
    {
        Assert.Equal(label, WindowsServerBuilds.ColumnOf(release));
    }
}
