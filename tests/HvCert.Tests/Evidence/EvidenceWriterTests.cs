using HvCert.Evidence;
using HvCert.Hosts;
using HvCert.Probes;

namespace HvCert.Tests.Evidence;

public sealed class EvidenceWriterTests : IDisposable
{
    private readonly string dir = Directory.CreateTempSubdirectory("hvcert-evidence-").FullName;

    private string File1 => Path.Combine(dir, "evidence.jsonl");

    [Fact]
    public void Write_EveryEvent_OneLineEachRoundTripsThroughReader()
    {
        var events = EvidenceSamples.OneProbe(EvidenceSamples.Cell());
        using (var writer = EvidenceWriter.Create(File1))
        {
            foreach (var e in events)
            {
                writer.Write(e);
            }
        }

        var lines = File.ReadAllLines(File1);
        Assert.Equal(events.Count, lines.Length);
        Assert.StartsWith("{\"type\":\"run_started\"", lines[0]);
        var log = EvidenceReader.Read(File1);
        Assert.False(log.TornTailDropped);
        Assert.Equal(events.Select(e => e.GetType()), log.Events.Select(e => e.GetType()));
        var judged = Assert.IsType<ProbeJudged>(log.Events[5]);
        Assert.Equal(VerdictKind.Supported, judged.Verdict);
        Assert.Equal(EvidenceSamples.Cell(), judged.Cell);
        Assert.Equal("mtu 9000 <script>", Assert.IsType<CommandRan>(log.Events[3]).Stdout);
    }

    [Fact]
    public void Write_BeforeDispose_IsAlreadyOnDiskForAnotherReader()
    {
        using var writer = EvidenceWriter.Create(File1);
        writer.Write(new RunStarted("r1", "0.1.0", "s", "m", BackendKind.Qemu, 3));

        var log = EvidenceReader.Read(File1);

        Assert.IsType<RunStarted>(Assert.Single(log.Events));
    }

    [Fact]
    public void Create_ExistingFile_Refuses()
    {
        File.WriteAllText(File1, "");
        Assert.Throws<IOException>(() => EvidenceWriter.Create(File1));
    }

    [Fact]
    public void Append_AfterTornLine_CutsTheTornLineAndContinues()
    {
        var events = EvidenceSamples.OneProbe(EvidenceSamples.Cell());
        using (var writer = EvidenceWriter.Create(File1))
        {
            writer.Write(events[0]);
            writer.Write(events[1]);
        }

        File.AppendAllText(File1, "{\"type\":\"probe_started\",\"cell\":{\"tar");
        using (var writer = EvidenceWriter.Append(File1))
        {
            writer.Write(events[2]);
        }

        var log = EvidenceReader.Read(File1);
        Assert.False(log.TornTailDropped);
        Assert.Equal([typeof(RunStarted), typeof(VmProvisioned), typeof(ProbeStarted)], log.Events.Select(e => e.GetType()));
    }

    public void Dispose() => Directory.Delete(dir, recursive: true);
}
