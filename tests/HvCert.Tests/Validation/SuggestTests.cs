using HvCert.Validation;

namespace HvCert.Tests.Validation;

public sealed class SuggestTests
{
    [Theory]
    [InlineData("kitten", "sitting", 3)]
    [InlineData("", "abc", 3)]
    [InlineData("same", "same", 0)]
    public void Distance_KnownPairs_AreLevenshtein(string a, string b, int expected)
    {
        Assert.Equal(expected, Suggest.Distance(a, b));
    }

    [Fact]
    public void Closest_FarFromEverything_SuggestsNothing()
    {
        Assert.Null(Suggest.Closest("zzzzzzzz", ["core.heartbeat", "net.vlan"]));
        Assert.Equal("net.vlan", Suggest.Closest("net.vlna", ["core.heartbeat", "net.vlan"]));
    }
}
