using BenchmarkDotNet.Attributes;
using HvCert.Catalog;
using HvCert.Evidence;
using HvCert.Planning;

namespace HvCert.Benchmarks;

/// <summary>Writing and reading a 50 MB evidence.jsonl (about 25,000 command events with 2 KB of output each).</summary>
[MemoryDiagnoser]
public class EvidenceBenchmarks
{
    private const int Events = 25_000;
    private readonly string output = new('x', 2000);
    private string directory = "";
    private string readPath = "";

    [GlobalSetup]
    public void Setup()
    {
        directory = Directory.CreateTempSubdirectory("hvcert-bench-").FullName;
        readPath = Path.Combine(directory, "read.jsonl");
        WriteAll(readPath);
    }

    [GlobalCleanup]
    public void Cleanup() => Directory.Delete(directory, recursive: true);

    [Benchmark]
    public long Write50MB()
    {
        var path = Path.Combine(directory, $"w-{Guid.NewGuid():N}.jsonl");
        WriteAll(path);
        var size = new FileInfo(path).Length;
        File.Delete(path);
        return size;
    }

    [Benchmark]
    public int Read50MB() => EvidenceReader.Read(readPath).Events.Count;

    private void WriteAll(string path)
    {
        using var writer = EvidenceWriter.Create(path);
        for (var i = 0; i < Events; i++)
        {
            var cell = new CellKey($"debian-{i % 3 + 11}", Generation.Gen2, "qemu", FeatureCatalog.All[i % 35].Id);
            writer.Write(new CommandRan(cell, 1, i % 9 + 1, "ethtool -k eth0", 0, output, "", 12.5, false, false) { At = DateTimeOffset.UnixEpoch });
        }
    }
}
