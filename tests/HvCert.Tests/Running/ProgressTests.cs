using HvCert.Evidence;
using HvCert.Probes;
using HvCert.Running;
using HvCert.Tests.Evidence;
using Microsoft.Extensions.Time.Testing;

namespace HvCert.Tests.Running;

public sealed class ProgressTests
{
    [Fact]
    public void PlainProgress_Events_TimestampedLinesWithTallyAndNoAnsi()
    {
        var output = new StringWriter();
        var progress = new PlainProgress(output, new FakeTimeProvider(EvidenceSamples.T0), totalCells: 2);

        foreach (var e in EvidenceSamples.OneProbe(EvidenceSamples.Cell()))
        {
            progress.Observe(e);
        }

        progress.Status("g1#2", "booting debian-12 Gen2");
        var lines = output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.All(lines, l => Assert.Matches(@"^18:00:00 ", l));
        Assert.Contains(lines, l => l.Contains("[1/2] debian-12/Gen1/qemu/net.jumbo-frames: supported - ping with 8972 bytes passed"));
        Assert.Contains(lines, l => l.EndsWith("g1#2 booting debian-12 Gen2"));
        Assert.DoesNotContain('\u001b', output.ToString());
        Assert.DoesNotContain(lines, l => l.Contains("ip link show")); // single commands are evidence, not progress
    }

    [Fact]
    public void LiveProgress_ProbeRunning_StatusLineRedrawnInPlace()
    {
        var output = new StringWriter();
        var progress = new LiveProgress(output, totalCells: 1, () => 80);
        var cell = EvidenceSamples.Cell();

        progress.Observe(new ProbeStarted(cell, 1, "g1#1"));
        progress.Observe(new ProbeJudged(cell, 1, VerdictKind.NotSupported, "mtu stuck at 1500", 5));

        var text = output.ToString();
        Assert.Contains("g1#1: running net.jumbo-frames (attempt 1)", text);
        Assert.Contains("\u001b[1A\u001b[2K", text);
        Assert.EndsWith("1/1 cells judged" + Environment.NewLine, text);
        Assert.Contains("not supported - mtu stuck at 1500", text);
    }
}
