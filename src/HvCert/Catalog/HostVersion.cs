namespace HvCert.Catalog;

/// <summary>Windows Server releases that host Hyper-V, ordered by age so comparisons mean "at least".</summary>
public enum HostVersion
{
    Ws2008R2 = 2008,
    Ws2012 = 2012,
    Ws2012R2 = 2013,
    Ws2016 = 2016,
    Ws2019 = 2019,
    Ws2022 = 2022,
    Ws2025 = 2025,
}

public static class HostVersionNames
{
    private static readonly Dictionary<string, HostVersion> ByText = new(StringComparer.OrdinalIgnoreCase)
    {
        ["2008r2"] = HostVersion.Ws2008R2, ["2008 r2"] = HostVersion.Ws2008R2,
        ["2012"] = HostVersion.Ws2012,
        ["2012r2"] = HostVersion.Ws2012R2, ["2012 r2"] = HostVersion.Ws2012R2,
        ["2016"] = HostVersion.Ws2016, ["2019"] = HostVersion.Ws2019,
        ["2022"] = HostVersion.Ws2022, ["2025"] = HostVersion.Ws2025,
    };

    public static IEnumerable<string> Accepted => ByText.Keys;

    public static bool TryParse(string text, out HostVersion version) =>
        ByText.TryGetValue(text.Trim(), out version);

    /// <summary>The label used in Microsoft's "Windows Server version" column, e.g. "2012 R2".</summary>
    public static string Display(this HostVersion version) => version switch
    {
        HostVersion.Ws2008R2 => "2008 R2",
        HostVersion.Ws2012R2 => "2012 R2",
        _ => ((int)version).ToString(System.Globalization.CultureInfo.InvariantCulture),
    };
}
