using BenchmarkDotNet.Attributes;
using HvCert.Catalog;
using HvCert.Evidence;
using HvCert.Hosts;
using HvCert.Planning;
using HvCert.Probes;
using HvCert.Reporting;

namespace HvCert.Benchmarks;

/// <summary>Each renderer on a 10,000-cell run (about 143 release × generation columns of 35 features, two commands per cell).</summary>
[MemoryDiagnoser]
public class RendererBenchmarks
{
    private RunResults results = null!;

    [ParamsSource(nameof(Formats))]
    public string Format { get; set; } = "";

    public static IEnumerable<string> Formats => ReportRenderers.All.Select(r => r.Format);

    [GlobalSetup]
    public void Setup() => results = RunResultsBuilder.Build(Events(10_000));

    [Benchmark]
    public int Render10kCells() => ReportRenderers.All.Single(r => r.Format == Format).Render(results).Sum(f => f.Content.Length);

    internal static IEnumerable<EvidenceEvent> Events(int cells)
    {
        var at = DateTimeOffset.UnixEpoch;
        yield return new RunStarted("bench", "0.1.0", "full", "big", BackendKind.HyperV, cells) { At = at };
        var kinds = Enum.GetValues<VerdictKind>();
        for (var i = 0; i < cells; i++)
        {
            var feature = FeatureCatalog.All[i % 35];
            var column = i / 35;
            var cell = new CellKey($"ubuntu-{10 + (column / 2)}.04", column % 2 == 0 ? Generation.Gen1 : Generation.Gen2, "2022", feature.Id);
            yield return new CommandRan(cell, 1, 1, "ethtool -k eth0", 0, "tcp-segmentation-offload: on\n<script>x</script>", "", 10, false, false) { At = at };
            yield return new HostActionDone(cell, 1, 2, "query", true, new Dictionary<string, string> { ["alive"] = "true" }, null, 3) { At = at };
            yield return new ProbeJudged(cell, 1, kinds[i % kinds.Length], "reason " + i, 15) { At = at };
        }

        yield return new RunFinished("bench", 0, 60) { At = at };
    }
}
