using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using static HvCert.Reporting.TextEscaping;

namespace HvCert.Reporting.Renderers;

/// <summary>
/// report.html: one self-contained page (inline CSS and JS, no network). The run's data sits in a
/// <c>&lt;script type="application/json"&gt;</c> island written with an encoder that escapes &lt; &gt; &amp; ' as \uXXXX,
/// so guest text can never close the script element; the page script builds the DOM with textContent only.
/// </summary>
internal sealed class HtmlReportRenderer : IReportRenderer
{
    public const string FileName = "report.html";

    /// <summary>Each guest stream shown in the page is capped at this many characters (results.json keeps more).</summary>
    public const int OutputCap = 16 * 1024;

    public string Format => "html";

    public IReadOnlyList<ReportFile> Render(RunResults results)
    {
        var sb = new StringBuilder(4096 + results.Cells.Count * 512);
        var title = results.Run.Backend == Hosts.BackendKind.Qemu ? "HvCert QEMU lab run " : "HvCert report ";
        sb.Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
          .Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
          .Append("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:\">\n")
          .Append("<title>").Append(title).Append(Html(results.Run.RunId)).Append("</title>\n<style>\n")
          .Append(HtmlReportAssets.Css).Append("</style>\n</head>\n<body>\n<header>\n<h1>").Append(title).Append("<span class=\"run\">")
          .Append(Html(results.Run.RunId)).Append("</span></h1>\n<p class=\"meta\">");
        AppendMeta(sb, results);
        sb.Append("</p>\n");
        if (results.Run.Backend == Hosts.BackendKind.Qemu) AppendStandIns(sb, results);
        sb.Append("<p class=\"summary\">");
        foreach (var kind in VerdictNames.All)
        {
            sb.Append("<span class=\"badge v-").Append(kind.Token()).Append("\">").Append(Html(kind.Label())).Append(": ")
              .Append(results.Count(kind)).Append("</span> ");
        }

        sb.Append("</p>\n");
        AppendDamage(sb, results);
        sb.Append("</header>\n").Append(HtmlReportAssets.Body)
          .Append("<script type=\"application/json\" id=\"hvcert-data\">");
        AppendData(sb, results);
        sb.Append("</script>\n<script>\n").Append(HtmlReportScript.Source).Append("</script>\n</body>\n</html>\n");
        return [new ReportFile(FileName, sb.ToString())];
    }

    private static void AppendMeta(StringBuilder sb, RunResults r)
    {
        sb.Append("Backend <b>").Append(r.Run.Backend == Hosts.BackendKind.Qemu ? "QEMU lab" : "Hyper-V").Append("</b> · suite <b>")
          .Append(Html(r.Run.Suite)).Append("</b> · matrix <b>").Append(Html(r.Run.Matrix)).Append("</b> · HvCert ")
          .Append(Html(r.Run.HvCertVersion)).Append(" · ").Append(r.Cells.Count).Append(" cells");
        if (r.Run.StartedAt is { } s) sb.Append(" · started ").Append(s.ToUniversalTime().ToString("yyyy-MM-dd HH:mm:ss 'UTC'", System.Globalization.CultureInfo.InvariantCulture));
        if (r.Run.WallSeconds is { } w) sb.Append(" · ").Append(w.ToString("0", System.Globalization.CultureInfo.InvariantCulture)).Append(" s");
        if (r.Run.ExitCode is null) sb.Append(" · <b>run did not finish</b>");
        if (r.HostFacts is { } h)
        {
            sb.Append("<br>Host: ").Append(Html(h.Version)).Append(" · build ").Append(Html(h.Build)).Append(" · CPU ").Append(Html(h.Cpu));
            if (h.Extra.TryGetValue("accelerator", out var accel))
            {
                sb.Append(" · accelerator <b>").Append(Html(accel)).Append("</b>");
                if (h.Extra.TryGetValue("accelerator_reason", out var why)) sb.Append(" (").Append(Html(why)).Append(')');
            }
        }

        if (HostColumnHosts.Sentence(r) is { } ranOn) sb.Append("<br>Host columns, as each host reported itself: ").Append(Html(ranOn));
    }

    /// <summary>A banner no reader can miss when evidence lines were lost or odd (first 50 named, then a count).</summary>
    private static void AppendDamage(StringBuilder sb, RunResults r)
    {
        if (r.Redactions > 0)
        {
            sb.Append("<p class=\"redactions\">").Append(r.Redactions).Append(" secret(s) in guest output were replaced by [redacted: …].</p>\n");
        }

        if (r.Damage.Count == 0)
        {
            return;
        }

        var lost = r.Damage.Count(d => d.EventLost);
        sb.Append("<div class=\"damage\" role=\"alert\" style=\"border:2px solid #b00;padding:.5em;background:#fee\"><b>")
          .Append(lost > 0 ? $"Evidence damaged: {lost} line(s) could not be read; their events are missing from this report." : "Evidence notices:")
          .Append("</b>\n<ul>\n");
        foreach (var d in r.Damage.Take(50)) sb.Append("<li>").Append(Html(d.ToString())).Append("</li>\n");
        if (r.Damage.Count > 50) sb.Append("<li>… and ").Append(r.Damage.Count - 50).Append(" more (see results.json)</li>\n");
        sb.Append("</ul></div>\n");
    }

    /// <summary>A lab run says it is not a Hyper-V result and what stood in for each Hyper-V feature it tested.</summary>
    private static void AppendStandIns(StringBuilder sb, RunResults results)
    {
        sb.Append("<p class=\"meta\"><b>Not a Hyper-V result:</b> this QEMU lab run tested the stand-in named for each feature below ")
          .Append("in place of the Hyper-V device, which proves HvCert's engine and probes, not Hyper-V support.</p>\n")
          .Append("<details><summary>Tested on the lab as</summary>\n<table class=\"standins\">\n");
        foreach (var id in results.Cells.Select(c => c.Key.FeatureId).Distinct(StringComparer.Ordinal))
        {
            var name = results.Cells.First(c => c.Key.FeatureId == id).FeatureName;
            sb.Append("<tr><th>").Append(Html(name)).Append("</th><td>").Append(Html(LabStandIns.For(id))).Append("</td></tr>\n");
        }

        sb.Append("</table>\n</details>\n");
    }

    private static void AppendData(StringBuilder sb, RunResults results)
    {
        using var buffer = new MemoryStream();
        // JavaScriptEncoder.Default escapes <, >, &, ' and + as \u003C etc.: nothing in the island can end the element.
        using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = JavaScriptEncoder.Default }))
        {
            ResultsJson.Write(w, results, OutputCap);
        }

        sb.Append(Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length));
    }
}
