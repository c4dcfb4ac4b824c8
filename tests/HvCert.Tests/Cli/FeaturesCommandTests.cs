using System.Text.Json;
using System.Text.RegularExpressions;

namespace HvCert.Tests.Cli;

public sealed class FeaturesCommandTests
{
    [Fact]
    public void Features_Json_Lists35ExactPageNames()
    {
        var page = File.ReadLines(Path.Combine(RepoPaths.Shared, "spec", "feature-descriptions.md"))
            .Select(l => Regex.Match(l, @"^\|([^|*-][^|]*)\|"))
            .Where(m => m.Success)
            .Select(m => m.Groups[1].Value)
            .ToList();

        var result = CliRunner.Run("features", "--json");

        Assert.Equal(0, result.ExitCode);
        using var json = JsonDocument.Parse(result.Stdout);
        var names = json.RootElement.EnumerateArray().Select(f => f.GetProperty("name").GetString()!).ToList();
        Assert.Equal(35, names.Count);
        Assert.Equal(page, names);
    }
}
