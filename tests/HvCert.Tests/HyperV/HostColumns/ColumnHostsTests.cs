using HvCert.Catalog;
using HvCert.HyperV.HostColumns;
using HvCert.HyperV.Inventory;
using HvCert.Matrix;

namespace HvCert.Tests.HyperV.HostColumns;

/// <summary>Matrix host column → inventory host, and the plan-time refusal of a column no host serves.</summary>
public sealed class ColumnHostsTests
{
    private const string TwoHosts = """
        hosts:
          - name: hv19
            address: hv19.corp.example
            storage: { host_path: 'D:\hvcert', share: '\\hv19\hvcert' }
            version: "2019"
          - name: hv25
            address: hv25.corp.example
            storage: { host_path: 'D:\hvcert', share: '\\hv25\hvcert' }
            version: "2025"
        switch: s
        """;

    [Fact]
    public void HostFor_EachColumn_TheHostDeclaringItsRelease()
    {
        var inv = InventoryLoader.Parse("inv.yaml", TwoHosts);

        Assert.Equal("hv19", ColumnHosts.HostFor(inv, "2019")!.Name);
        Assert.Equal("hv25", ColumnHosts.HostFor(inv, "2025")!.Name);
        Assert.Null(ColumnHosts.HostFor(inv, "2022"));
        Assert.Equal(["hv19", "hv25"], inv.ColumnHosts.Select(h => h.Name));
    }

    [Fact]
    public void Check_ColumnWithoutHost_LocatedAtTheColumn()
    {
        var inv = InventoryLoader.Parse("inv.yaml", TwoHosts);
        var matrix = MatrixWith("""hosts: ["2019", "2022", "2025"]""");

        var problem = Assert.Single(ColumnHosts.Check(inv, matrix.Matrix));

        Assert.Equal((matrix.File, 4, 17), (problem.File, problem.Line, problem.Column)); // the "2022" item
        Assert.Contains("host column \"2022\" has no Hyper-V host", problem.Message);
        Assert.Contains("hv19 = 2019, hv25 = 2025", problem.Message);
        Assert.Contains("version: \"2022\"", problem.Fix);
        Assert.Contains("remove \"2022\"", problem.Fix);
        File.Delete(matrix.File);
    }

    [Fact]
    public void Check_OneUndeclaredHost_ServesOneColumnOnly()
    {
        var inv = InventoryLoader.Parse("inv.yaml", "host:\n  address: .\n  storage: { host_path: x }\nswitch: s\n");
        var one = MatrixWith("""hosts: ["2022"]""");
        var two = MatrixWith("""hosts: ["2019", "2025"]""");

        Assert.Empty(ColumnHosts.Check(inv, one.Matrix));
        Assert.Equal(".", ColumnHosts.HostFor(inv, "2022")!.Address);
        var problems = ColumnHosts.Check(inv, two.Matrix);
        Assert.Equal(2, problems.Count);
        Assert.All(problems, p => Assert.Contains("declares no 'version:'", p.Message));
        File.Delete(one.File);
        File.Delete(two.File);
    }

    [Theory]
    [InlineData("host: { address: ., storage: { host_path: x } }\nhosts:\n  - { address: ., storage: { host_path: x } }\nswitch: s\n", 2, 1, "not both")]
    [InlineData("hosts:\n  - { name: a, address: a, storage: { host_path: x, share: y }, version: \"2019\" }\n  - { name: b, address: b, storage: { host_path: x, share: y } }\nswitch: s\n", 3, 5, "host b needs 'version:'")]
    [InlineData("hosts:\n  - { name: a, address: a, storage: { host_path: x, share: y }, version: \"2019\" }\n  - { name: b, address: b, storage: { host_path: x, share: y }, version: \"2019\" }\nswitch: s\n", 3, 65, "both declare version")]
    [InlineData("hosts: []\nswitch: s\n", 1, 1, "list of host mappings")]
    public void Parse_BadHostsList_NamesLineColumnAndFix(string yaml, int line, int column, string expected)
    {
        var e = Assert.Throws<InventoryException>(() => InventoryLoader.Parse("inv.yaml", yaml));

        Assert.Contains(expected, e.Message);
        Assert.StartsWith($"inv.yaml:{line}:{column}: ", e.Message);
    }

    private static (TestMatrix Matrix, string File) MatrixWith(string hostsLine)
    {
        var file = Path.Combine(Path.GetTempPath(), $"hvcert-columns-{Guid.NewGuid():N}.yaml");
        File.WriteAllText(file, $"""
            name: columns
            description: host columns
            backend: hyperv
            {hostsLine}
            generations:
              - generation: 2
            targets:
              - id: debian-12
                distro: debian
                release: "12"
                os: linux
                images: {"{"} gen2: 'D:\t\debian-12-gen2.vhdx' {"}"}
            """);
        return (MatrixLoader.Load(file), file);
    }
}
