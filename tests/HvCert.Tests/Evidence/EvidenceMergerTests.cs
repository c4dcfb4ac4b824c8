using HvCert.Catalog;
using HvCert.Evidence;
using HvCert.Hosts;
using HvCert.Probes;

namespace HvCert.Tests.Evidence;

public sealed class EvidenceMergerTests : IDisposable
{
    private readonly string root = Directory.CreateTempSubdirectory("hvcert-merge-").FullName;

    [Fact]
    public void Merge_TwoShards_OneRunWithEveryCellAndVmKeysKeptApart()
    {
        var a = Part("20261125-180000-aaaa", EvidenceSamples.Cell("net.jumbo-frames", Generation.Gen1));
        var b = Part("20261125-180000-bbbb", EvidenceSamples.Cell("net.jumbo-frames", Generation.Gen2));
        var output = Path.Combine(root, "merged");

        var merged = EvidenceMerger.Merge([a, b], output, TimeProvider.System, _ => 0);

        var events = EvidenceReader.Read(merged.Evidence).Events;
        var start = Assert.IsType<RunStarted>(events[0]);
        Assert.Equal(["20261125-180000-aaaa", "20261125-180000-bbbb"], start.MergedFrom);
        Assert.Equal(2, start.Cells);
        Assert.Single(events.OfType<RunStarted>());
        Assert.IsType<RunFinished>(events[^1]);
        Assert.Equal(2, events.OfType<ProbeJudged>().Count());
        Assert.Equal(["20261125-180000-aaaa/g1#1", "20261125-180000-bbbb/g1#1"], events.OfType<VmProvisioned>().Select(v => v.VmKey));
        var cell = EvidenceSamples.Cell("net.jumbo-frames", Generation.Gen2);
        Assert.Equal("virtio-net-pci", ProbeEvidenceBuilder.FromEvents(events, cell, 1)!.Offered(DeviceRole.Network)!.Model);
        Assert.True(File.Exists(merged.Suite));
        Assert.True(File.Exists(merged.Version));
    }

    [Fact]
    public void Merge_SameCellInTwoParts_RefusesAndWritesNothing()
    {
        var a = Part("20261125-180000-aaaa", EvidenceSamples.Cell());
        var b = Part("20261125-180000-bbbb", EvidenceSamples.Cell());
        var output = Path.Combine(root, "merged");

        var ex = Assert.Throws<MergeConflictException>(() => EvidenceMerger.Merge([a, b], output, TimeProvider.System, _ => 0));

        Assert.Contains("judged in both", ex.Message);
        Assert.False(Directory.Exists(output));
    }

    [Fact]
    public void Merge_DifferentSuites_Refuses()
    {
        var a = Part("20261125-180000-aaaa", EvidenceSamples.Cell("misc.kvp"));
        var b = Part("20261125-180000-bbbb", EvidenceSamples.Cell("misc.nmi"), suite: "other.yaml");

        var ex = Assert.Throws<MergeConflictException>(() => EvidenceMerger.Merge([a, b], Path.Combine(root, "m"), TimeProvider.System, _ => 0));

        Assert.Contains("different suites", ex.Message);
    }

    public void Dispose() => Directory.Delete(root, recursive: true);

    private string Part(string runId, HvCert.Planning.CellKey cell, string suite = "suite.yaml")
    {
        var dir = RunDirectory.Create(root, runId);
        File.WriteAllText(Path.Combine(root, "s.yaml"), "name: s\n");
        File.WriteAllText(Path.Combine(root, "m.yaml"), "name: m\n");
        dir.CopyInputs(Path.Combine(root, "s.yaml"), Path.Combine(root, "m.yaml"));
        using var writer = EvidenceWriter.Create(dir.Evidence);
        foreach (var e in EvidenceSamples.OneProbe(cell))
        {
            writer.Write(e is RunStarted s ? s with { RunId = runId, Suite = suite } : e);
        }

        return dir.Path;
    }
}
