using HvCert.Cli;
using HvCert.Cli.Commands;
using HvCert.Evidence;
using HvCert.Reporting;
using HvCert.Tests.Reporting;

namespace HvCert.Tests.Cli;

/// <summary>
/// Terminal hygiene, secrets, baselines and crashes (issue #16): `diff` printed guest reasons raw (ESC, OSC, BEL, NUL),
/// a baseline holding only `pages:` threw ArgumentNullException and an empty one "passed", a guest's private key or
/// password reached every report, and an unexpected exception printed a stack trace.
/// </summary>
public sealed class HygieneTests : IDisposable
{
    private const string Esc = "\u001b]8;;http://evil\u0007click\u001b[2J\u0000\u202e";
    private readonly string _dir = Directory.CreateTempSubdirectory("hvcert-hygiene-").FullName;
    private readonly StringWriter _out = new(), _err = new();

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Theory]
    [InlineData("pages:\n")]
    [InlineData("")]
    [InlineData("# only a comment\n")]
    [InlineData("pages:\n  - title: t\n    rows:\n")]
    [InlineData("pages: [{ rows: [{ feature: core.kvp, cells: { debian-12: supported [notes 99999999999999999999] } }] }]\n")]
    [InlineData("pages: !python/object:os.system x\n")]
    public void Diff_EmptyOrUnreadableBaseline_Exit2(string baseline)
    {
        SampleRun.WriteRunDir(_dir);
        var path = Path.Combine(_dir, "baseline.yaml");
        File.WriteAllText(path, baseline);
        Assert.Equal(ExitCodes.BadInput, DiffCommand.Execute(_dir, path, _out, _err));
        Assert.StartsWith($"hvcert diff: {path}:", _err.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", _err.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Diff_GuestReasonWithControlCharacters_PrintedAsEscapes()
    {
        var events = SampleRun.Events().Select(e => e is ProbeJudged j ? j with { Reason = "bad " + Esc } : e).ToList();
        WriteEvents(events);
        var baseline = Path.Combine(_dir, "debian.yaml");
        Assert.Equal(ExitCodes.Ok, BaselineCommand.Import([Path.Combine(RepoPaths.Samples, "baselines", "debian.md")], baseline, new StringWriter(), _err));

        DiffCommand.Execute(_dir, baseline, _out, _err);

        var printed = _out.ToString() + _err.ToString();
        Assert.DoesNotContain('\u001b', printed);
        Assert.DoesNotContain('\u0007', printed);
        Assert.DoesNotContain('\u202e', printed);
        Assert.Contains("\\x1b]8;;http://evil\\x07", printed, StringComparison.Ordinal);
    }

    [Fact]
    public void Reports_ControlCharactersInMetadataAndOutput_VisibleNotRaw()
    {
        var events = SampleRun.Events();
        events[0] = ((RunStarted)events[0]) with { Suite = "suite" + Esc };
        var c = events.FindIndex(e => e is CommandRan);
        events[c] = ((CommandRan)events[c]) with { Stdout = "line1\n" + Esc + "\tcol" };
        WriteEvents(events);

        Assert.Equal(ExitCodes.Ok, ReportCommand.Execute(_dir, null, false, _out, _err));

        foreach (var name in new[] { "report.html", "support-matrix.md", "results.json", "junit.xml" })
        {
            var text = File.ReadAllText(Path.Combine(_dir, name));
            Assert.DoesNotContain('\u001b', text);
            Assert.DoesNotContain('\u202e', text);
            Assert.DoesNotContain("\\u001b", text, StringComparison.OrdinalIgnoreCase);
        }

        Assert.Contains("suite\\x1b]8;;http://evil", File.ReadAllText(Path.Combine(_dir, "report.html")), StringComparison.Ordinal);
    }

    [Fact]
    public void Redaction_PrivateKeyAndPasswordFromGuest_NeverInEvidenceOrReports()
    {
        const string key = "-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAAMwAAAAtzc2gtZW\nQyNTUxOQAAACB0ZXN0IGtleSBub3QgYSByZWFsIG9uZSBqdXN0IHRlc3Q=\n-----END OPENSSH PRIVATE KEY-----";
        var events = SampleRun.Events();
        var c = events.FindIndex(e => e is CommandRan);
        events[c] = ((CommandRan)events[c]) with { Stdout = $"before\n{key}\nafter DB_PASSWORD=hunter2 and token: ghp_abcdef123456\n" };
        Directory.CreateDirectory(_dir);
        var evidence = new RunDirectory(_dir).Evidence;
        using (var writer = EvidenceWriter.Create(evidence))
        {
            events.ForEach(writer.Write);
        }

        Assert.DoesNotContain("hunter2", File.ReadAllText(evidence), StringComparison.Ordinal);
        Assert.DoesNotContain("b3BlbnNzaC1rZXkt", File.ReadAllText(evidence), StringComparison.Ordinal);
        Assert.Equal(ExitCodes.Ok, ReportCommand.Execute(_dir, null, false, _out, _err));
        foreach (var file in Directory.GetFiles(_dir, "*", SearchOption.AllDirectories))
        {
            var text = File.ReadAllText(file);
            Assert.DoesNotContain("hunter2", text, StringComparison.Ordinal);
            Assert.DoesNotContain("ghp_abcdef123456", text, StringComparison.Ordinal);
            Assert.DoesNotContain("b3BlbnNzaC1rZXkt", text, StringComparison.Ordinal);
        }

        Assert.Contains("[redacted: private key]", File.ReadAllText(evidence), StringComparison.Ordinal);
        Assert.Contains("DB_PASSWORD=[redacted: password]", File.ReadAllText(evidence), StringComparison.Ordinal);
        Assert.Contains("redacted 3 secret(s)", _out.ToString(), StringComparison.Ordinal);
        Assert.Contains("\"redactions\": 3", File.ReadAllText(Path.Combine(_dir, "results.json")), StringComparison.Ordinal);
    }

    [Fact]
    public void Redaction_RunsOwnKeyLine_Redacted()
    {
        Redaction.Register("-----BEGIN X-----\nQUJDREVGR0hJSktMTU5PUFFSU1RVVldYWVo0MTIz\n-----END X-----\n", "run SSH key");
        Assert.Equal("cat: [redacted: run SSH key]", Redaction.Redact("cat: QUJDREVGR0hJSktMTU5PUFFSU1RVVldYWVo0MTIz"));
    }

    [Fact]
    public void BaselineImport_WithoutOutput_WritesTheFixedNameNeverOneFromThePage()
    {
        var page = Path.Combine(_dir, "page.md");
        File.WriteAllText(page, File.ReadAllText(Path.Combine(RepoPaths.Samples, "baselines", "debian.md")).Replace("Debian", "../../evil", StringComparison.Ordinal));
        BaselineCommand.Import([page], null, _out, _err, _dir);
        Assert.Equal([Path.Combine(_dir, BaselineCommand.DefaultOutput), page], Directory.GetFiles(_dir, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal));
        Assert.DoesNotContain('\u001b', _out.ToString() + _err.ToString());
    }

    [Fact]
    public void BaselineImport_HugeNoteNumber_Exit2WithLine()
    {
        var page = Path.Combine(_dir, "page.md");
        var text = File.ReadAllText(Path.Combine(RepoPaths.Samples, "baselines", "debian.md"));
        File.WriteAllText(page, text + "\n## Notes\n\n99999999999999999999999. A note.\n");
        Assert.Equal(ExitCodes.BadInput, BaselineCommand.Import([page], Path.Combine(_dir, "b.yaml"), _out, _err));
        Assert.Contains("out of range", _err.ToString(), StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(_dir, "b.yaml")));
    }

    [Fact]
    public void CrashLog_UnexpectedException_OneLineExit3AndLogFile()
    {
        var err = new StringWriter();
        var code = CrashLog.Report(new InvalidOperationException("Sequence contains no elements\n   at Somewhere()"), ["report", "x"], err);
        Assert.Equal(ExitCodes.InfrastructureError, code);
        var line = Assert.Single(err.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.DoesNotContain("   at ", line, StringComparison.Ordinal);
        var log = System.Text.RegularExpressions.Regex.Match(line, @"details in (\S+\.log)").Groups[1].Value;
        Assert.Contains("InvalidOperationException", File.ReadAllText(log), StringComparison.Ordinal);
        File.Delete(log);
    }

    private void WriteEvents(List<EvidenceEvent> events)
    {
        Directory.CreateDirectory(_dir);
        File.WriteAllLines(new RunDirectory(_dir).Evidence, events.Select(e => System.Text.Json.JsonSerializer.Serialize(e, EvidenceJson.Line)));
    }
}
