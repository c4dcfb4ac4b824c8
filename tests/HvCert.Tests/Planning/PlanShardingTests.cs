using HvCert.Catalog;
using HvCert.Hosts;
using HvCert.Matrix;
using HvCert.Planning;
using HvCert.Suites;

namespace HvCert.Tests.Planning;

public sealed class PlanShardingTests
{
    private static Plan HyperVExample() => Planner.Build(
        SuiteLoader.Load(Path.Combine(RepoPaths.Root, "suites", "full.yaml")),
        MatrixLoader.Load(Path.Combine(RepoPaths.Root, "matrices", "hyperv-example.yaml")),
        FeatureCatalog.All,
        BackendCapabilities.Everything(BackendKind.HyperV));

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(7)]
    public void Shard_AllShards_PartitionEveryCellExactlyOnce(int count)
    {
        var plan = HyperVExample();

        var shards = Enumerable.Range(1, count).Select(k => plan.Shard(k, count)).ToList();

        var keys = shards.SelectMany(s => s.AllCells.Select(c => c.Key.ToString())).ToList();
        Assert.Equal(plan.AllCells.Count(), keys.Count);
        Assert.Equal(keys.Count, keys.Distinct().Count());
        Assert.All(shards, s => Assert.Equal(count, s.ShardOf!.Count));
    }

    [Fact]
    public void Shard_Balanced_ByCellCountWithinOneGroup()
    {
        var plan = HyperVExample();
        var biggest = plan.Groups.Max(g => g.Shared.Count + g.Isolated.Count);

        var loads = Enumerable.Range(1, 4).Select(k => plan.Shard(k, 4).Groups.Sum(g => g.Shared.Count + g.Isolated.Count)).ToList();

        Assert.True(loads.Max() - loads.Min() <= biggest, string.Join(",", loads));
    }

    [Fact]
    public void Shard_Repeated_IsDeterministic()
    {
        var a = HyperVExample().Shard(2, 5).Groups.Select(g => g.Key);
        var b = HyperVExample().Shard(2, 5).Groups.Select(g => g.Key);

        Assert.Equal(a, b);
    }

    [Theory]
    [InlineData("2/4", 2, 4)]
    [InlineData("1/1", 1, 1)]
    public void Parse_Valid_ReturnsSpec(string text, int k, int n)
    {
        Assert.Equal(new ShardSpec(k, n), ShardSpec.Parse(text, out _));
    }

    [Theory]
    [InlineData("0/4")]
    [InlineData("5/4")]
    [InlineData("2/0")]
    [InlineData("-1/4")]
    [InlineData("2")]
    public void Parse_Invalid_ReturnsNullWithReason(string text)
    {
        Assert.Null(ShardSpec.Parse(text, out var error));
        Assert.Contains(text, error, StringComparison.Ordinal);
    }

    [Fact]
    public void Shard_OutOfRange_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => HyperVExample().Shard(0, 2));
    }
}
