using HvCert.Evidence;

namespace HvCert.Tests.Evidence;

public sealed class EvidenceReaderTests
{
    private const string Started = "{\"type\":\"run_started\",\"runId\":\"r1\",\"hvCertVersion\":\"0.1.0\",\"suite\":\"s\",\"matrix\":\"m\",\"backend\":\"Qemu\",\"cells\":2,\"at\":\"2026-11-25T18:00:00+00:00\"}";
    private const string Destroyed = "{\"type\":\"vm_destroyed\",\"vmKey\":\"g#1\",\"vmName\":\"vm\",\"at\":\"2026-11-25T18:00:00+00:00\"}";

    [Fact]
    public void Parse_TornLastLine_DropsItAndKeepsTheRest()
    {
        var log = EvidenceReader.Parse("e.jsonl", Started + "\n" + Destroyed + "\n" + "{\"type\":\"probe_judged\",\"cell\":{\"targ");

        Assert.True(log.TornTailDropped);
        Assert.Equal(2, log.Events.Count);
    }

    [Fact]
    public void Parse_CompleteFileWithoutFinalNewline_KeepsLastEvent()
    {
        var log = EvidenceReader.Parse("e.jsonl", Started + "\n" + Destroyed);

        Assert.False(log.TornTailDropped);
        Assert.IsType<VmDestroyed>(log.Events[1]);
    }

    [Fact]
    public void Parse_DamagedMiddleLine_NamedWithFileLineAndColumnOthersKept()
    {
        var log = EvidenceReader.Parse("runs/x/evidence.jsonl", Started + "\n{\"type\":\"vm_destroyed\",\"vmKey\": oops}\n" + Destroyed + "\n");

        Assert.StartsWith("runs/x/evidence.jsonl:2:", Assert.Single(log.Damage, d => d.EventLost).ToString());
        Assert.Equal(2, log.Events.Count);
        Assert.False(log.TornTailDropped);
        Assert.Throws<EvidenceFormatException>(log.ThrowIfDamagedBeforeTail);
    }

    [Fact]
    public void Parse_PropertiesBeforeDiscriminator_StillReads()
    {
        var log = EvidenceReader.Parse("e.jsonl", "{\"vmKey\":\"g#1\",\"vmName\":\"vm\",\"type\":\"vm_destroyed\"}\n");

        Assert.IsType<VmDestroyed>(Assert.Single(log.Events));
    }

    [Fact]
    public void Read_MissingFile_SaysWhatToPass()
    {
        var ex = Assert.Throws<EvidenceFormatException>(() => EvidenceReader.Read("/nonexistent/evidence.jsonl"));

        Assert.Contains("hvcert run", ex.Message);
    }
}
