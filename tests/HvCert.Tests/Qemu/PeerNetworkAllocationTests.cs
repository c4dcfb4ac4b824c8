using HvCert.Qemu.Lab;
using HvCert.Qemu.Network;

namespace HvCert.Tests.Qemu;

/// <summary>Each VM's network segment has its own namespace and tap names; the reaper finds all of a run's, and only those.</summary>
public sealed class PeerNetworkAllocationTests : IDisposable
{
    private const string Run = "20261126-101500-5f2a";
    private readonly string root = Path.Combine(Path.GetTempPath(), $"hvcert-peer-alloc-{Guid.NewGuid():N}");

    public void Dispose()
    {
        if (Directory.Exists(root))
        {
            Directory.Delete(root, recursive: true);
        }
    }

    [Fact]
    public void TwoVmsOfOneRun_GetTwoNamespaces_UnderTheRunPrefix()
    {
        var first = PeerNetwork.NamespaceFor(Run, 1);
        var second = PeerNetwork.NamespaceFor(Run, 2);

        Assert.NotEqual(first, second);
        Assert.All(new[] { first, second }, ns => Assert.StartsWith(PeerNetwork.RunNamespacePrefix(Run), ns, StringComparison.Ordinal));
        Assert.False(first.StartsWith(PeerNetwork.RunNamespacePrefix("20261126-101500-5f2b"), StringComparison.Ordinal));
    }

    [Fact]
    public void TapNames_DifferPerSegment_AndFitTheKernelLimit()
    {
        var prefixes = Enumerable.Range(1, 64).Select(k => PeerNetwork.TapPrefix(PeerNetwork.NamespaceFor(Run, k))).ToList();

        Assert.Equal(prefixes.Count, prefixes.Distinct().Count());
        Assert.All(prefixes, p => Assert.True(p.Length + 6 <= 15, $"{p} + a 6-digit tap counter exceeds IFNAMSIZ"));
    }

    [Fact]
    public void Reaper_FindsEverySegmentOfTheRun_AndTheOldSingleNamespace_ButNoOtherRun()
    {
        var netns = Directory.CreateDirectory(Path.Combine(root, "netns")).FullName;
        foreach (var name in new[] { PeerNetwork.NamespaceFor(Run, 1), PeerNetwork.NamespaceFor(Run, 2), $"hvcert-{Run}",
                     PeerNetwork.NamespaceFor("20261126-101500-aaaa", 1), "unrelated" })
        {
            File.WriteAllText(Path.Combine(netns, name), "");
        }

        var found = new QemuReaper(Path.Combine(root, "runs"), Path.Combine(root, "proc"), netns).RunNamespaces(Run);

        Assert.Equal([$"hvcert-{Run}", PeerNetwork.NamespaceFor(Run, 1), PeerNetwork.NamespaceFor(Run, 2)], found);
    }
}
