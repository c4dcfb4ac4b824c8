using HvCert.Catalog;
using HvCert.Evidence;
using HvCert.Hosts;
using HvCert.Planning;
using HvCert.Probes;
using HvCert.Reporting;

namespace HvCert.IntegrationTests.Reporting;

/// <summary>report.html in a real browser: the page script runs without error and a hostile guest output stays text.</summary>
public sealed class HtmlReportBrowserTests : IDisposable
{
    private const string Hostile = "<script>document.title='pwned'</script><img src=x onerror=\"document.title='pwned2'\">GUEST-MARKER";
    private readonly string _dir = Directory.CreateTempSubdirectory("hvcert-html-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [ChromiumFact]
    public async Task ReportHtml_HostileGuestOutput_RendersAsTextAndScriptRunsCleanly()
    {
        var cell = new CellKey("debian-12", Generation.Gen1, "qemu", "core.heartbeat");
        var t0 = new DateTimeOffset(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);
        EvidenceEvent[] events =
        [
            new RunStarted("browser-test", "0.1.0", "s", "m", BackendKind.Qemu, 2) { At = t0 },
            new VmProvisioned("vm1", "hvcert-vm1", "debian-12", Generation.Gen1, false, [], [], new Dictionary<string, string>(), 30) { At = t0 },
            new ProbeStarted(cell, 1, "vm1") { At = t0 },
            new CommandRan(cell, 1, 1, "cat /etc/motd </script>", 0, Hostile, "</pre>" + Hostile, 5, false, false) { At = t0 },
            new ProbeJudged(cell, 1, VerdictKind.Supported, "reason " + Hostile, 10) { At = t0 },
            new ProbeJudged(cell with { FeatureId = "net.sriov" }, 1, VerdictKind.NotOffered, "no VF", 0) { At = t0 },
            new RunFinished("browser-test", 0, 60) { At = t0 },
        ];
        ReportWriter.WriteAll(RunResultsBuilder.Build(events), _dir);
        var page = new Uri(Path.Combine(_dir, "report.html")).AbsoluteUri + "#" + RunResultsBuilder.AnchorOf(cell);

        var (dom, log) = await HeadlessChromium.DumpDomAsync(page, CancellationToken.None);

        Assert.Contains("<title>HvCert QEMU lab run browser-test</title>", dom, StringComparison.Ordinal); // a lab run says what it is (issue #14)
        Assert.DoesNotContain("pwned", ExtractTitle(dom), StringComparison.Ordinal);
        Assert.Contains("data-ready=\"1\"", dom, StringComparison.Ordinal);
        Assert.DoesNotContain("data-script-error=\"", dom, StringComparison.Ordinal);
        Assert.DoesNotContain("Uncaught", log, StringComparison.Ordinal);
        // The deep link opened the cell: its guest output is in the DOM as escaped text inside <pre>, not as elements.
        Assert.Contains("<pre>&lt;script&gt;document.title='pwned'&lt;/script&gt;&lt;img src=x onerror=\"document.title='pwned2'\"&gt;GUEST-MARKER</pre>", dom, StringComparison.Ordinal);
        Assert.DoesNotContain("<img src=\"x\"", dom, StringComparison.Ordinal);
        Assert.Contains("Not offered", dom, StringComparison.Ordinal);
    }

    private static string ExtractTitle(string dom)
    {
        var start = dom.IndexOf("<title>", StringComparison.Ordinal);
        var end = dom.IndexOf("</title>", StringComparison.Ordinal);
        return start < 0 || end < start ? "" : dom[start..end];
    }
}
