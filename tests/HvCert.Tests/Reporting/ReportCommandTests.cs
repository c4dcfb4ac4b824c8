using HvCert.Cli;
using HvCert.Cli.Commands;
using HvCert.Evidence;

namespace HvCert.Tests.Reporting;

public sealed class ReportCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("hvcert-report-").FullName;
    private readonly StringWriter _out = new(), _err = new();

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Execute_StoredRun_WritesEveryFormat()
    {
        SampleRun.WriteRunDir(_dir);
        Assert.Equal(ExitCodes.Ok, ReportCommand.Execute(_dir, null, false, _out, _err));
        foreach (var name in new[] { "support-matrix.md", "report.html", "results.json", "junit.xml", "allure-results/environment.properties" })
        {
            Assert.True(File.Exists(Path.Combine(_dir, name)), name);
        }

        Assert.Equal(23, Directory.GetFiles(Path.Combine(_dir, "allure-results"), "*-result.json").Length);
        Assert.Equal(File.ReadAllText(Path.Combine(Approved.Folder, "support-matrix.md")), File.ReadAllText(Path.Combine(_dir, "support-matrix.md")));
    }

    [Fact]
    public void Execute_DamagedEvidence_NamesTheLineKeepsTheRestAndExits3()
    {
        var evidence = new RunDirectory(SampleRun.WriteRunDir(_dir)).Evidence;
        var lines = File.ReadAllLines(evidence).ToList();
        var total = lines.Count;
        lines[3] = "not json";
        File.WriteAllLines(evidence, lines);
        Assert.Equal(ExitCodes.InfrastructureError, ReportCommand.Execute(_dir, null, false, _out, _err));
        Assert.Contains($"{evidence}:4:", _err.ToString(), StringComparison.Ordinal);
        Assert.Contains("Evidence damaged", File.ReadAllText(Path.Combine(_dir, "report.html")), StringComparison.Ordinal);
        Assert.Contains("Evidence damaged", File.ReadAllText(Path.Combine(_dir, "support-matrix.md")), StringComparison.Ordinal);
        var json = System.Text.Json.JsonDocument.Parse(File.ReadAllText(Path.Combine(_dir, "results.json"))).RootElement;
        Assert.Equal(4, json.GetProperty("evidenceDamage")[0].GetProperty("line").GetInt32());
        Assert.True(total > 4);
    }

    [Fact]
    public void Execute_MissingRunDir_ExitsBadInput()
    {
        Assert.Equal(ExitCodes.BadInput, ReportCommand.Execute(Path.Combine(_dir, "nope"), null, false, _out, _err));
        Assert.Contains("no such evidence file", _err.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Execute_RejudgeWithoutProbeRegistry_RefusesClearly()
    {
        SampleRun.WriteRunDir(_dir);
        Assert.Equal(ExitCodes.BadInput, ReportCommand.Execute(_dir, null, true, _out, _err));
        Assert.Contains("probe registry", _err.ToString(), StringComparison.Ordinal);
    }
}
