using HvCert.Catalog;
using HvCert.Suites;
using HvCert.Validation;

namespace HvCert.Tests.Suites;

public sealed class SuiteLoaderTests
{
    [Fact]
    public void Load_ShippedFull_ListsAll35InCatalogOrderWithDefaults()
    {
        var suite = SuiteLoader.Load(Path.Combine(RepoPaths.Root, "suites", "full.yaml"));

        Assert.Equal("full", suite.Name);
        Assert.Equal(FeatureCatalog.All.Select(f => f.Id), suite.Features.Select(f => f.Feature.Id));
        Assert.Equal(HostTooOld.NotApplicable, suite.OnHostTooOld);
        var jumbo = suite.Features.Single(f => f.Feature.Id == "net.jumbo-frames");
        Assert.Equal("9000", jumbo.Parameters["mtu"]);
        Assert.Equal("8972", jumbo.Parameters["payload_bytes"]);
        Assert.Equal("1", suite.Features.Single(f => f.Feature.Id == "core.accurate-time").Parameters["tolerance_ms"]);
        Assert.All(suite.Features.Where(f => f.Feature.Destructive), f => Assert.Equal(TimeSpan.FromSeconds(300), f.Timeout));
        Assert.Equal("180s", suite.Features.Single(f => f.Feature.Id == "core.heartbeat").Parameters["timeout"]);
    }

    [Fact]
    public void Load_ShippedSmokeAndNightly_AreSubsetsWithoutDestructiveSmoke()
    {
        var smoke = SuiteLoader.Load(Path.Combine(RepoPaths.Root, "suites", "smoke.yaml"));
        var nightly = SuiteLoader.Load(Path.Combine(RepoPaths.Root, "suites", "nightly.yaml"));

        Assert.InRange(smoke.Features.Count, 5, 15);
        Assert.DoesNotContain(smoke.Features, f => f.Feature.Destructive);
        Assert.InRange(nightly.Features.Count, smoke.Features.Count, 34);
    }

    [Fact]
    public void FromText_OmittedParameters_GetTheConventionDefaults()
    {
        var suite = SuiteLoader.FromText("name: s\ntimeout: 1m30s\nfeatures: [memory.hot-add, memory.ballooning, memory.runtime-resize, storage.vhdx-resize, net.vrss, net.vlan]\n", "s.yaml");

        string P(string id, string key) => suite.Features.Single(f => f.Feature.Id == id).Parameters[key];
        Assert.Equal("512", P("memory.hot-add", "hot_add_mb"));
        Assert.Equal("256", P("memory.ballooning", "balloon_reclaim_mb"));
        Assert.Equal("256", P("memory.runtime-resize", "resize_mb"));
        Assert.Equal("64", P("storage.vhdx-resize", "disk_grow_mb"));
        Assert.Equal("2", P("net.vrss", "min_queues"));
        Assert.Equal("100", P("net.vlan", "vlan_id"));
        Assert.Equal("90s", P("net.vlan", "timeout"));
        Assert.Equal(HostTooOld.Error, suite.OnHostTooOld);
    }

    [Fact]
    public void FromText_EntryOverrides_ReplaceDefaultsAndTimeout()
    {
        var suite = SuiteLoader.FromText("name: s\nfeatures:\n  - id: net.jumbo-frames\n    timeout: 5m\n    parameters: { mtu: 4000, payload_bytes: 3972 }\n", "s.yaml");

        var entry = Assert.Single(suite.Features);
        Assert.Equal(TimeSpan.FromMinutes(5), entry.Timeout);
        Assert.Equal("4000", entry.Parameters["mtu"]);
        Assert.Equal("300s", entry.Parameters["timeout"]);
    }

    [Fact]
    public void FromText_PayloadLargerThanMtu_IsRejectedWithTheLimit()
    {
        var ex = Assert.Throws<InputException>(() => SuiteLoader.FromText("name: s\nfeatures:\n  - id: net.jumbo-frames\n    parameters: { mtu: 1500 }\n", "s.yaml"));

        var d = Assert.Single(ex.Diagnostics);
        Assert.Contains("does not fit in mtu 1500", d.Message, StringComparison.Ordinal);
        Assert.Contains("1472", d.Fix, StringComparison.Ordinal);
    }

    [Fact]
    public void FromText_SeveralProblems_AreAllReportedInFileOrder()
    {
        var ex = Assert.Throws<InputException>(() => SuiteLoader.FromText("name: Bad Name\ntimeout: forever\nfeatures:\n  - core.hartbeat\n  - 42\n", "s.yaml"));

        Assert.Equal([1, 2, 4], ex.Diagnostics.Select(d => d.Line).Take(3));
        Assert.Contains(ex.Diagnostics, d => d.Message.Contains("Did you mean 'core.heartbeat'?", StringComparison.Ordinal));
        Assert.Contains(ex.Diagnostics, d => d is { Line: 5, Column: 5 });
    }
}
