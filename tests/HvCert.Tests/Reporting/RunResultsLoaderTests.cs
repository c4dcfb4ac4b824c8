using HvCert.Evidence;
using HvCert.Reporting;

namespace HvCert.Tests.Reporting;

/// <summary>The sample run survives the runner's writer format and reader (the contract between runner and reports).</summary>
public sealed class RunResultsLoaderTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("hvcert-evidence-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Load_WrittenSample_SameResultsAsInMemory()
    {
        SampleRun.WriteRunDir(_dir);
        var (results, events) = RunResultsLoader.Load(_dir);
        Assert.Equal(SampleRun.Events().Count, events.Count);
        Assert.Equal(SampleRun.Results().Cells.Select(c => (c.Key, c.Verdict)), results.Cells.Select(c => (c.Key, c.Verdict)));
    }

    [Fact]
    public void Load_CorruptMiddleLine_NamesFileAndLineAndKeepsEveryOtherEvent()
    {
        var path = new RunDirectory(SampleRun.WriteRunDir(_dir)).Evidence;
        var lines = File.ReadAllLines(path).ToList();
        lines.Insert(2, "{\"type\":\"command_ran\",");
        File.WriteAllLines(path, lines);
        var (results, events) = RunResultsLoader.Load(_dir);
        var damage = Assert.Single(results.Damage, d => d.EventLost);
        Assert.Equal(3, damage.Line);
        Assert.StartsWith(path + ":3:", damage.ToString(), StringComparison.Ordinal);
        Assert.Equal(lines.Count - 1, events.Count);
    }
}
