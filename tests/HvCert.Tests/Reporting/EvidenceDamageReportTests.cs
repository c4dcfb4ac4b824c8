using System.Text.Json.Nodes;
using HvCert.Cli;
using HvCert.Cli.Commands;
using HvCert.Evidence;

namespace HvCert.Tests.Reporting;

/// <summary>
/// Crash and silent-loss classes of `hvcert report` on damaged evidence (issue #16). Before the fix each null or
/// wrong-typed field below threw a NullReferenceException in a renderer, and a cut or CR-only file rendered fewer cells
/// with exit 0 and no word of the damage. Now: the line is named (file:line), the rest is rendered, exit 3.
/// </summary>
public sealed class EvidenceDamageReportTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("hvcert-damage-").FullName;
    private readonly StringWriter _out = new(), _err = new();

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Theory]
    [InlineData("command_ran", "stdout", "null")]
    [InlineData("command_ran", "cell", "null")]
    [InlineData("command_ran", "stdout", "42")]
    [InlineData("probe_judged", "verdict", "42")]
    [InlineData("probe_judged", "verdict", "\"Maybe\"")]
    [InlineData("probe_judged", "cell", "\"x\"")]
    [InlineData("probe_started", "vmKey", "null")]
    [InlineData("host_action", "observations", "null")]
    [InlineData("host_action", "observations", "{\"a\":null}")]
    [InlineData("vm_provisioned", "settings", "null")]
    [InlineData("vm_provisioned", "target", "null")]
    [InlineData("vm_provisioned", "generation", "3")]
    [InlineData("vm_provisioned", "generation", "\"Gen3\"")]
    public void Report_FieldNullOrWrongType_LineNamedRestRenderedExit3(string type, string field, string json)
    {
        var evidence = Write();
        var lines = File.ReadAllLines(evidence).ToList();
        var index = lines.FindIndex(l => l.Contains($"\"type\":\"{type}\"", StringComparison.Ordinal) && JsonNode.Parse(l)![field] is not null);
        Assert.True(index >= 0, $"sample has no {type} with {field}");
        var node = JsonNode.Parse(lines[index])!.AsObject();
        node[field] = JsonNode.Parse(json);
        lines[index] = node.ToJsonString();
        File.WriteAllLines(evidence, lines);

        var exit = ReportCommand.Execute(_dir, null, false, _out, _err);

        Assert.Equal(ExitCodes.InfrastructureError, exit);
        Assert.Contains($"{evidence}:{index + 1}:", _err.ToString(), StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(_dir, "report.html")));
    }

    [Fact]
    public void Report_CutMidLine_LastLineNamedExit3()
    {
        var evidence = Write();
        var text = File.ReadAllText(evidence);
        var lineCount = text.Count(c => c == '\n');
        File.WriteAllText(evidence, text[..(text.Length - 20)]);
        Assert.Equal(ExitCodes.InfrastructureError, ReportCommand.Execute(_dir, null, false, _out, _err));
        Assert.Contains($"{evidence}:{lineCount}:", _err.ToString(), StringComparison.Ordinal);
        Assert.Contains("cut off", _err.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Report_CutMidFile_MissingRunFinishedIsNamed()
    {
        var evidence = Write();
        var lines = File.ReadAllLines(evidence);
        File.WriteAllLines(evidence, lines[..(lines.Length / 2)]);
        ReportCommand.Execute(_dir, null, false, _out, _err);
        Assert.Contains("ends without run_finished", _err.ToString(), StringComparison.Ordinal);
        Assert.Contains("ends without run", File.ReadAllText(Path.Combine(_dir, "support-matrix.md")), StringComparison.Ordinal);
        Assert.Contains("ends without run_finished", File.ReadAllText(Path.Combine(_dir, "results.json")), StringComparison.Ordinal);
    }

    [Fact]
    public void Report_CrOnlyLineEnds_ReadFullyAndNoted()
    {
        var evidence = Write();
        var events = File.ReadAllLines(evidence).Length;
        File.WriteAllText(evidence, string.Join('\r', File.ReadAllLines(evidence)) + "\r");
        Assert.Equal(ExitCodes.Ok, ReportCommand.Execute(_dir, null, false, _out, _err));
        Assert.Contains("CR only", _err.ToString(), StringComparison.Ordinal);
        Assert.Equal(events, EvidenceReader.Read(evidence).Events.Count);
    }

    [Fact]
    public void Report_EmptyFile_Exit2AndStaleReportsRemoved()
    {
        var evidence = Write();
        Assert.Equal(ExitCodes.Ok, ReportCommand.Execute(_dir, null, false, _out, _err));
        File.WriteAllText(evidence, "");
        Assert.Equal(ExitCodes.BadInput, ReportCommand.Execute(_dir, null, false, _out, _err));
        Assert.Contains($"{evidence}:1:1: the evidence file is empty", _err.ToString(), StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(_dir, "report.html")));
        Assert.False(Directory.Exists(Path.Combine(_dir, "allure-results")));
    }

    [Fact]
    public void Report_TooLargeEvidence_Exit2NamingTheCap()
    {
        var evidence = Write();
        Environment.SetEnvironmentVariable("HVCERT_MAX_EVIDENCE_MB", "1");
        try
        {
            File.AppendAllText(evidence, new string(' ', 2 * 1024 * 1024));
            Assert.Equal(ExitCodes.BadInput, ReportCommand.Execute(_dir, null, false, _out, _err));
            Assert.Contains("HVCERT_MAX_EVIDENCE_MB", _err.ToString(), StringComparison.Ordinal);
        }
        finally
        {
            Environment.SetEnvironmentVariable("HVCERT_MAX_EVIDENCE_MB", null);
        }
    }

    private string Write() => new RunDirectory(SampleRun.WriteRunDir(_dir)).Evidence;
}
