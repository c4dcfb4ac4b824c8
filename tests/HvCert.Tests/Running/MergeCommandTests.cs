using HvCert.Catalog;
using HvCert.Cli.Commands;
using HvCert.Evidence;
using HvCert.Planning;
using HvCert.Tests.Evidence;

namespace HvCert.Tests.Running;

public sealed class MergeCommandTests : IDisposable
{
    private readonly string root = Directory.CreateTempSubdirectory("hvcert-mergecmd-").FullName;

    [Fact]
    public void Run_TwoShardRuns_OneRunDirectoryWithEveryReport()
    {
        var a = Part("20261125-180000-aaaa", EvidenceSamples.Cell("net.jumbo-frames", Generation.Gen1));
        var b = Part("20261125-180000-bbbb", EvidenceSamples.Cell("net.jumbo-frames", Generation.Gen2));
        var output = Path.Combine(root, "merged");
        var stdout = new StringWriter();
        var stderr = new StringWriter();

        var exit = MergeCommand.Run([a, b], output, stdout, stderr);

        Assert.True(exit == 0, stderr.ToString());
        foreach (var file in new[] { "evidence.jsonl", "support-matrix.md", "report.html", "results.json", "junit.xml" })
        {
            Assert.True(File.Exists(Path.Combine(output, file)), file);
        }

        Assert.Contains("report.html", stdout.ToString());
        Assert.Equal(2, EvidenceReader.Read(Path.Combine(output, "evidence.jsonl")).Events.OfType<ProbeJudged>().Count());
    }

    [Fact]
    public void Run_OverlappingParts_ExitTwoAndNothingWritten()
    {
        var a = Part("20261125-180000-aaaa", EvidenceSamples.Cell());
        var b = Part("20261125-180000-bbbb", EvidenceSamples.Cell());
        var output = Path.Combine(root, "merged");
        var stderr = new StringWriter();

        var exit = MergeCommand.Run([a, b], output, new StringWriter(), stderr);

        Assert.Equal(2, exit);
        Assert.Contains("judged in both", stderr.ToString());
        Assert.False(Directory.Exists(output));
    }

    public void Dispose() => Directory.Delete(root, recursive: true);

    private string Part(string runId, CellKey cell)
    {
        var dir = RunDirectory.Create(root, runId);
        using var writer = EvidenceWriter.Create(dir.Evidence);
        foreach (var e in EvidenceSamples.OneProbe(cell))
        {
            writer.Write(e is RunStarted s ? s with { RunId = runId } : e);
        }

        return dir.Path;
    }
}
