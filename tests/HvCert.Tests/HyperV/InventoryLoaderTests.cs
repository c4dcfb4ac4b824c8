using HvCert.Catalog;
using HvCert.HyperV.Inventory;

namespace HvCert.Tests.HyperV;

public sealed class InventoryLoaderTests
{
    [Fact]
    public void Load_ShippedExample_Parses()
    {
        var inv = InventoryLoader.Load(Path.Combine(RepoPaths.Root, "matrices", "hyperv-inventory.example.yaml"));

        Assert.Equal("hvcert-external", inv.Switch);
        Assert.True(inv.Host.IsLocal);
        Assert.Equal("dcom", inv.Host.Protocol);
        Assert.Equal(HostVersion.Ws2022, inv.Host.Version);
        Assert.Equal(@"D:\templates\debian-12-gen2.vhdx", inv.TemplateFor("debian-12", Generation.Gen2));
        Assert.Null(inv.TemplateFor("ubuntu-24.04", Generation.Gen1));
        Assert.Equal(@"E:\x.vhdx", inv.TemplateFor(@"E:\x.vhdx", Generation.Gen1));
        Assert.True(inv.DynamicMemory);
        Assert.Null(inv.SecondHost);
    }

    [Theory]
    [InlineData("host:\n  address: hv1\n  storage: { host_path: 'D:\\x' }\nswitch: s\n", 3, 14, "storage.share")]
    [InlineData("host:\n  address: .\n  storage: { host_path: x }\n  credentials: { user: u, password: hunter2 }\nswitch: s\n", 4, 27, "never put a password")]
    [InlineData("host:\n  address: .\n  storage: { host_path: x }\nswitch: s\nmemory: lots\n", 5, 1, "'dynamic' or 'static'")]
    [InlineData("host:\n  address: .\n  storage: { host_path: x }\nswitch: s\nmmio: { low_gap_mb: 100 }\n", 5, 9, "multiples of 128")]
    [InlineData("host:\n  address: .\n  storage: { host_path: x }\nswitchh: s\n", 4, 1, "unknown key 'switchh'")]
    [InlineData("host:\n  address: .\n  storage: { host_path: x }\n", 1, 1, "missing 'switch:'")]
    [InlineData("host: [\n", 2, 1, "not valid YAML")]
    [InlineData("host:\n  address: .\n  version: 2003\n  storage: { host_path: x }\nswitch: s\n", 3, 3, "unknown host version")]
    public void Parse_BadInput_NamesLineColumnAndFix(string yaml, int line, int column, string expected)
    {
        var e = Assert.Throws<InventoryException>(() => InventoryLoader.Parse("inv.yaml", yaml));

        Assert.Contains(expected, e.Message);
        Assert.StartsWith($"inv.yaml:{line}:{column}: ", e.Message);
        Assert.DoesNotContain("hunter2", e.Message);
    }
}
