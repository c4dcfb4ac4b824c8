using System.Text.Json;
using HvCert.Tests.Catalog;

namespace HvCert.Tests.Cli;

public sealed class FeaturesCommandTests
{
    [Fact]
    public void Features_Json_Lists35ExactPageNames()
    {
        var page = SpecPage.Names;

        var result = CliRunner.Run("features", "--json");

        Assert.Equal(0, result.ExitCode);
        using var json = JsonDocument.Parse(result.Stdout);
        var names = json.RootElement.EnumerateArray().Select(f => f.GetProperty("name").GetString()!).ToList();
        Assert.Equal(35, names.Count);
        Assert.Equal(page, names);
    }
}
