using HvCert.Catalog;

namespace HvCert.Tests.Catalog;

public sealed class FeatureCatalogTests
{
    [Fact]
    public void All_MatchesSpecPageNamesExactlyAndInOrder()
    {
        var names = SpecPage.Names;

        Assert.Equal(35, names.Count);
        Assert.Equal(names, FeatureCatalog.All.Select(f => f.Name));
    }

    [Fact]
    public void All_GroupsAreThePageSections()
    {
        Assert.Equal(SpecPage.Rows.Select(r => r.Section), FeatureCatalog.All.Select(f => f.Group.Display()));
    }

    [Fact]
    public void All_HasUniqueIdsAndSevenGroups()
    {
        Assert.Equal(35, FeatureCatalog.All.Select(f => f.Id).Distinct().Count());
        Assert.Equal(7, FeatureCatalog.All.Select(f => f.Group).Distinct().Count());
    }

    [Theory]
    [InlineData("Live migration", "net.live-migration")]
    [InlineData("Key/value pair", "misc.kvp")]
    [InlineData("Key-Value Pair", "misc.kvp")]
    [InlineData("KVP (Key-Value pair) exchange", "misc.kvp")]
    [InlineData("Hyper-V specific video device", "video.synthetic")]
    [InlineData("vRSS", "net.vrss")]
    [InlineData("Large Receive Offload (LRO)", "net.lro")]
    public void FindByName_PublishedSpellings_ResolveToOneFeature(string rowName, string id)
    {
        Assert.Equal(id, FeatureCatalog.FindByName(rowName)?.Id);
    }

    [Theory]
    [InlineData("core.accurate-time")]
    [InlineData("net.sriov")]
    [InlineData("memory.runtime-resize")]
    [InlineData("misc.hv-sockets")]
    [InlineData("misc.pci-passthrough")]
    public void MinHost_TwentySixteenOnlyFeatures_Require2016(string id)
    {
        Assert.Equal(HostVersion.Ws2016, FeatureCatalog.Get(id).MinHost);
    }

    [Fact]
    public void Generations_UefiAndSecureBoot_AreGen2Only()
    {
        Assert.False(FeatureCatalog.Get("gen2.uefi").AppliesTo(Generation.Gen1));
        Assert.False(FeatureCatalog.Get("gen2.secure-boot").AppliesTo(Generation.Gen1));
        Assert.True(FeatureCatalog.Get("net.jumbo-frames").AppliesTo(Generation.Gen1));
    }

    [Fact]
    public void MinHost_Only5FeaturesNeed2016_AndNoneNeedLaterExceptLro()
    {
        Assert.Equal(
            ["core.accurate-time", "net.sriov", "memory.runtime-resize", "misc.hv-sockets", "misc.pci-passthrough"],
            FeatureCatalog.All.Where(f => f.MinHost == HostVersion.Ws2016).Select(f => f.Id));
        Assert.Equal(["net.lro"], FeatureCatalog.All.Where(f => f.MinHost > HostVersion.Ws2016).Select(f => f.Id));
    }
}
