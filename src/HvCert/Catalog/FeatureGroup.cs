namespace HvCert.Catalog;

/// <summary>The seven groups of the Feature Descriptions page, in page order.</summary>
public enum FeatureGroup
{
    Core,
    Networking,
    Storage,
    Memory,
    Video,
    Miscellaneous,
    Generation2,
}

public static class FeatureGroupNames
{
    /// <summary>The group heading exactly as Microsoft's pages print it.</summary>
    public static string Display(this FeatureGroup group) => group switch
    {
        FeatureGroup.Generation2 => "Generation 2 virtual machines",
        _ => group.ToString(),
    };
}
