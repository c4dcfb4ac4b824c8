using HvCert.Reporting;

namespace HvCert.Tests.Reporting;

public sealed class EvidenceLogTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("hvcert-evidence-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Read_WrittenSample_RoundTripsEveryEvent()
    {
        SampleRun.WriteRunDir(_dir);
        var events = EvidenceLog.Read(Path.Combine(_dir, EvidenceLog.FileName));
        Assert.Equal(SampleRun.Events().Count, events.Count);
        Assert.Equal(SampleRun.Results().Cells.Count, RunResultsBuilder.Build(events).Cells.Count);
    }

    [Fact]
    public void Read_CorruptMiddleLine_ThrowsWithFileAndLine()
    {
        var path = Path.Combine(SampleRun.WriteRunDir(_dir), EvidenceLog.FileName);
        var lines = File.ReadAllLines(path).ToList();
        lines.Insert(2, "{\"type\":\"command_ran\",");
        File.WriteAllLines(path, lines);
        var ex = Assert.Throws<ReportInputException>(() => EvidenceLog.Read(path));
        Assert.Equal(3, ex.Line);
        Assert.StartsWith(path + ":3:", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_TornLastLineWithoutNewline_IsDropped()
    {
        var path = Path.Combine(SampleRun.WriteRunDir(_dir), EvidenceLog.FileName);
        File.AppendAllText(path, "{\"type\":\"probe_jud");
        Assert.Equal(SampleRun.Events().Count, EvidenceLog.Read(path).Count);
    }
}
