using BenchmarkDotNet.Attributes;
using HvCert.Catalog;
using HvCert.Hosts;
using HvCert.Matrix;
using HvCert.Planning;
using HvCert.Suites;

namespace HvCert.Benchmarks;

/// <summary>The pure planner on a 100-release × 4-host × 2-generation matrix with the full 35-feature suite (28,000 cells).</summary>
[MemoryDiagnoser]
public class PlannerBenchmarks
{
    private Suite suite = null!;
    private TestMatrix matrix = null!;
    private readonly BackendCapabilities capabilities = BackendCapabilities.Everything(BackendKind.HyperV);

    [GlobalSetup]
    public void Setup()
    {
        var features = FeatureCatalog.All
            .Select(f => new SuiteFeature(f, TimeSpan.FromMinutes(3), new Dictionary<string, string> { ["timeout"] = "180s" }, 1, 1))
            .ToList();
        suite = new Suite("full", "all 35", "suites/full.yaml", TimeSpan.FromMinutes(3), HostTooOld.NotApplicable, features);
        HostVersion[] hosts = [HostVersion.Ws2016, HostVersion.Ws2019, HostVersion.Ws2022, HostVersion.Ws2025];
        var targets = Enumerable.Range(0, 100).Select(i =>
        {
            var os = i % 10 == 0 ? OsFamily.FreeBsd : OsFamily.Linux;
            var images = new Dictionary<Generation, string> { [Generation.Gen1] = $"t{i}-gen1.vhdx", [Generation.Gen2] = $"t{i}-gen2.vhdx" };
            return new MatrixTarget(new TargetRef($"distro-{i}", "Distro", $"{i}.0", os, images), [Generation.Gen1, Generation.Gen2]);
        }).ToList();
        matrix = new TestMatrix("big", "100 releases", "matrices/big.yaml", BackendKind.HyperV,
            hosts.Select((h, i) => new MatrixHost(h.Display(), h, i + 1, 1)).ToList(),
            [new MatrixGeneration(Generation.Gen1, false), new MatrixGeneration(Generation.Gen2, true)], targets);
    }

    [Benchmark]
    public int Plan100x4x2() => Planner.Build(suite, matrix, FeatureCatalog.All, capabilities).AllCells.Count();
}
