using System.Globalization;
using System.Text;
using System.Xml;
using HvCert.Probes;
using static HvCert.Reporting.TextEscaping;

namespace HvCert.Reporting.Renderers;

/// <summary>
/// junit.xml: a testsuite per target × generation × host, a testcase per feature. Not supported is a &lt;failure&gt;,
/// an infrastructure Error is an &lt;error&gt; (never a failure), Not applicable / Not offered / Skipped are &lt;skipped&gt;.
/// Earlier attempts of a retried cell are their own testcases named "… (attempt N)".
/// </summary>
internal sealed class JUnitRenderer : IReportRenderer
{
    public const string FileName = "junit.xml";
    private const int OutputCap = 8 * 1024;

    public string Format => "junit";

    public IReadOnlyList<ReportFile> Render(RunResults results)
    {
        var sb = new StringBuilder();
        var settings = new XmlWriterSettings { Indent = true, OmitXmlDeclaration = false, Encoding = new UTF8Encoding(false), CheckCharacters = true };
        using (var sw = new StringWriter(sb, CultureInfo.InvariantCulture))
        using (var x = XmlWriter.Create(sw, settings))
        {
            x.WriteStartElement("testsuites");
            x.WriteAttributeString("name", "hvcert " + XmlSafe(results.Run.RunId));
            WriteCounts(x, results.Cells.SelectMany(Entries).ToList());
            foreach (var suite in results.Cells.GroupBy(c => (c.Key.Target, c.Key.Generation, c.Key.Host)))
            {
                var entries = suite.SelectMany(Entries).ToList();
                x.WriteStartElement("testsuite");
                x.WriteAttributeString("name", XmlSafe($"{suite.Key.Target} {suite.Key.Generation} on {suite.Key.Host}"));
                WriteCounts(x, entries);
                foreach (var (cell, attempt, isFinal) in entries) WriteCase(x, cell, attempt, isFinal);
                x.WriteEndElement();
            }

            x.WriteEndElement();
        }

        return [new ReportFile(FileName, sb.ToString().Replace("encoding=\"utf-16\"", "encoding=\"utf-8\"", StringComparison.Ordinal) + "\n")];
    }

    private static IEnumerable<(CellResult Cell, AttemptResult? Attempt, bool IsFinal)> Entries(CellResult cell)
    {
        if (cell.Attempts.Count == 0)
        {
            yield return (cell, null, true);
            yield break;
        }

        for (var i = 0; i < cell.Attempts.Count; i++) yield return (cell, cell.Attempts[i], i == cell.Attempts.Count - 1);
    }

    private static void WriteCounts(XmlWriter x, List<(CellResult Cell, AttemptResult? Attempt, bool IsFinal)> entries)
    {
        var kinds = entries.Select(e => Kind(e.Cell, e.Attempt, e.IsFinal)).ToList();
        x.WriteAttributeString("tests", kinds.Count.ToString(CultureInfo.InvariantCulture));
        x.WriteAttributeString("failures", kinds.Count(k => k == VerdictKind.NotSupported).ToString(CultureInfo.InvariantCulture));
        x.WriteAttributeString("errors", kinds.Count(k => k == VerdictKind.Error).ToString(CultureInfo.InvariantCulture));
        x.WriteAttributeString("skipped", kinds.Count(k => k is VerdictKind.NotApplicable or VerdictKind.NotOffered or VerdictKind.Skipped).ToString(CultureInfo.InvariantCulture));
        x.WriteAttributeString("time", Seconds(entries.Sum(e => e.Attempt?.DurationMs ?? 0)));
    }

    private static VerdictKind Kind(CellResult cell, AttemptResult? attempt, bool isFinal) =>
        isFinal ? cell.Verdict : attempt?.Verdict ?? VerdictKind.Error;

    private static void WriteCase(XmlWriter x, CellResult cell, AttemptResult? attempt, bool isFinal)
    {
        var kind = Kind(cell, attempt, isFinal);
        var reason = XmlSafe(Cap(isFinal ? cell.Reason : attempt?.Reason ?? "never judged", OutputCap));
        x.WriteStartElement("testcase");
        x.WriteAttributeString("name", XmlSafe(cell.FeatureName + (isFinal ? "" : $" (attempt {attempt!.Attempt})")));
        x.WriteAttributeString("classname", XmlSafe($"hvcert.{cell.Key.Target}.{cell.Key.Generation}.{cell.Key.Host}.{cell.Key.FeatureId}"));
        x.WriteAttributeString("time", Seconds(attempt?.DurationMs ?? 0));
        x.WriteStartElement("properties");
        Property(x, "feature", cell.Key.FeatureId);
        Property(x, "verdict", kind.Token());
        Property(x, "attempt", attempt?.Attempt.ToString(CultureInfo.InvariantCulture) ?? "0");
        Property(x, "evidence", $"{HtmlReportRenderer.FileName}#{cell.Anchor}");
        x.WriteEndElement();
        switch (kind)
        {
            case VerdictKind.NotSupported: Element(x, "failure", reason, "not-supported"); break;
            case VerdictKind.Error: Element(x, "error", reason, "infrastructure"); break;
            case VerdictKind.NotApplicable or VerdictKind.NotOffered or VerdictKind.Skipped: Element(x, "skipped", $"{kind.Label()}: {reason}", null); break;
        }

        if (attempt is not null && (attempt.Commands.Count > 0 || attempt.HostActions.Count > 0))
        {
            x.WriteElementString("system-out", XmlSafe(StepLog(attempt)));
        }

        x.WriteEndElement();
    }

    private static string StepLog(AttemptResult attempt)
    {
        var sb = new StringBuilder();
        foreach (var step in attempt.Steps)
        {
            if (step is Evidence.CommandRan c)
                sb.Append("step ").Append(c.Step).Append(" $ ").Append(Cap(c.Command, 1024)).Append(" -> exit ").Append(c.ExitCode)
                  .Append(c.TimedOut ? " (timed out)" : "").Append('\n').Append(Cap(c.Stdout, OutputCap)).Append('\n');
            else if (step is Evidence.HostActionDone h)
                sb.Append("step ").Append(h.Step).Append(" host ").Append(h.Action).Append(h.Ok ? " ok" : " failed: " + h.Error)
                  .Append(' ').Append(string.Join(", ", h.Observations.Select(kv => $"{kv.Key}={Cap(kv.Value, 256)}"))).Append('\n');
        }

        return sb.ToString();
    }

    private static void Property(XmlWriter x, string name, string value)
    {
        x.WriteStartElement("property");
        x.WriteAttributeString("name", name);
        x.WriteAttributeString("value", XmlSafe(value));
        x.WriteEndElement();
    }

    private static void Element(XmlWriter x, string name, string message, string? type)
    {
        x.WriteStartElement(name);
        x.WriteAttributeString("message", message);
        if (type is not null) x.WriteAttributeString("type", type);
        x.WriteString(message);
        x.WriteEndElement();
    }

    private static string Seconds(double ms) => (ms / 1000).ToString("0.000", CultureInfo.InvariantCulture);
}
