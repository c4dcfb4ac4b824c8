using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using HvCert.Evidence;
using HvCert.Probes;
using static HvCert.Reporting.TextEscaping;

namespace HvCert.Reporting.Renderers;

/// <summary>
/// allure-results/: one Allure 2 result file per attempt (retries share a historyId, so Allure shows them as retries),
/// a step per guest command and host action with its output as a text attachment, and environment.properties.
/// File names and uuids are derived from the cell and attempt, so a re-render produces identical files.
/// </summary>
internal sealed class AllureRenderer : IReportRenderer
{
    private const int OutputCap = 64 * 1024;

    public string Format => "allure";

    public IReadOnlyList<ReportFile> Render(RunResults results)
    {
        var files = new List<ReportFile>(results.Cells.Count * 3);
        var runStart = results.Run.StartedAt ?? DateTimeOffset.UnixEpoch;
        foreach (var cell in results.Cells)
        {
            var attempts = cell.Attempts.Count > 0 ? cell.Attempts : [new AttemptResult(0, null, null, null, cell.Verdict, cell.Reason, 0, [], [])];
            for (var i = 0; i < attempts.Count; i++)
            {
                var attempt = attempts[i];
                var kind = i == attempts.Count - 1 ? cell.Verdict : attempt.Verdict ?? VerdictKind.Error;
                var reason = i == attempts.Count - 1 ? cell.Reason : attempt.Reason ?? "never judged";
                files.AddRange(Result(results, cell, attempt, kind, reason, runStart));
            }
        }

        files.Add(new ReportFile($"{AllureLayout.Directory}/environment.properties", Environment(results)));
        return files;
    }

    private static IEnumerable<ReportFile> Result(RunResults run, CellResult cell, AttemptResult attempt, VerdictKind kind, string reason, DateTimeOffset runStart)
    {
        var uuid = Uuid($"{run.Run.RunId}/{cell.Anchor}/{attempt.Attempt}");
        var attachments = new List<ReportFile>();
        var start = attempt.StartedAt ?? attempt.Steps.FirstOrDefault()?.At ?? runStart;
        var stop = attempt.JudgedAt ?? start.AddMilliseconds(attempt.DurationMs);
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            w.WriteStartObject();
            w.WriteString("uuid", uuid);
            w.WriteString("historyId", Hex($"{cell.Key.Target}/{cell.Key.Generation}/{cell.Key.Host}/{cell.Key.FeatureId}"));
            w.WriteString("testCaseId", Hex(cell.Key.FeatureId));
            w.WriteString("name", cell.FeatureName);
            w.WriteString("fullName", $"hvcert.{cell.Key.Target}.{cell.Key.Generation}.{cell.Key.Host}.{cell.Key.FeatureId}");
            w.WriteString("description", $"{kind.Label()}. Evidence: {HtmlReportRenderer.FileName}#{cell.Anchor}");
            w.WriteString("status", Status(kind));
            w.WriteStartObject("statusDetails");
            w.WriteString("message", $"{kind.Label()}: {Cap(reason, 4096)}");
            w.WriteBoolean("known", false); w.WriteBoolean("muted", false); w.WriteBoolean("flaky", false);
            w.WriteEndObject();
            w.WriteString("stage", "finished");
            w.WriteNumber("start", start.ToUnixTimeMilliseconds());
            w.WriteNumber("stop", Math.Max(stop.ToUnixTimeMilliseconds(), start.ToUnixTimeMilliseconds()));
            var target = TargetNames.Parse(cell.Key.Target);
            w.WriteStartArray("labels");
            Pair(w, "parentSuite", target.Family); Pair(w, "suite", cell.Key.Target);
            Pair(w, "subSuite", $"{cell.Key.Generation} on {cell.Key.Host}");
            Pair(w, "feature", cell.Group is { } g ? Catalog.FeatureGroupNames.Display(g) : "Unknown");
            Pair(w, "story", cell.FeatureName); Pair(w, "tag", cell.Key.FeatureId); Pair(w, "tag", kind.Token());
            Pair(w, "host", cell.Key.Host); Pair(w, "framework", "hvcert");
            w.WriteEndArray();
            w.WriteStartArray("parameters");
            Pair(w, "target", cell.Key.Target); Pair(w, "generation", cell.Key.Generation.ToString()); Pair(w, "host", cell.Key.Host);
            w.WriteEndArray();
            w.WriteStartArray("steps");
            foreach (var step in attempt.Steps) WriteStep(w, step, uuid, attachments);
            w.WriteEndArray();
            w.WriteStartArray("attachments");
            w.WriteEndArray();
            w.WriteStartArray("links");
            w.WriteEndArray();
            w.WriteEndObject();
        }

        yield return new ReportFile($"{AllureLayout.Directory}/{uuid}-result.json", Encoding.UTF8.GetString(buffer.ToArray()) + "\n");
        foreach (var a in attachments) yield return a;
    }

    private static void WriteStep(Utf8JsonWriter w, EvidenceEvent step, string resultUuid, List<ReportFile> attachments)
    {
        var (number, name, status, durationMs, body) = step switch
        {
            CommandRan c => (c.Step, $"step {c.Step}: $ {Cap(c.Command, 512)} → exit {c.ExitCode}{(c.TimedOut ? " (timed out)" : "")}",
                c.TimedOut ? "broken" : c.ExitCode == 0 ? "passed" : "failed", c.DurationMs,
                $"$ {c.Command}\nexit code: {c.ExitCode}{(c.Truncated ? "\n(output truncated by the transport)" : "")}\n--- stdout ---\n{Cap(c.Stdout, OutputCap)}\n--- stderr ---\n{Cap(c.Stderr, OutputCap)}\n"),
            HostActionDone h => (h.Step, $"step {h.Step}: host {h.Action}{(h.Ok ? "" : " failed")}", h.Ok ? "passed" : "failed", h.DurationMs,
                $"host action: {h.Action}\nok: {h.Ok}\nerror: {h.Error}\n" + string.Concat(h.Observations.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => $"{kv.Key} = {Cap(kv.Value, OutputCap)}\n"))),
            _ => (0, "event", "unknown", 0d, ""),
        };
        var source = $"{Uuid($"{resultUuid}/{number}/{step.At.UtcTicks}/{name}")}-attachment.txt";
        attachments.Add(new ReportFile($"{AllureLayout.Directory}/{source}", body));
        var stop = step.At.ToUnixTimeMilliseconds();
        w.WriteStartObject();
        w.WriteString("name", name);
        w.WriteString("status", status);
        w.WriteString("stage", "finished");
        w.WriteNumber("start", stop - (long)durationMs);
        w.WriteNumber("stop", stop);
        w.WriteStartArray("parameters");
        if (step is HostActionDone host)
        {
            foreach (var (k, v) in host.Observations.OrderBy(kv => kv.Key, StringComparer.Ordinal)) Pair(w, k, Cap(v, 256));
        }

        w.WriteEndArray();
        w.WriteStartArray("attachments");
        w.WriteStartObject();
        w.WriteString("name", step is CommandRan ? "output" : "observations");
        w.WriteString("source", source);
        w.WriteString("type", "text/plain");
        w.WriteEndObject();
        w.WriteEndArray();
        w.WriteStartArray("steps");
        w.WriteEndArray();
        w.WriteEndObject();
    }

    private static string Status(VerdictKind kind) => kind switch
    {
        VerdictKind.Supported or VerdictKind.SupportedWithCaveat => "passed",
        VerdictKind.NotSupported => "failed",
        VerdictKind.Error => "broken",
        _ => "skipped",
    };

    private static void Pair(Utf8JsonWriter w, string name, string value)
    {
        w.WriteStartObject();
        w.WriteString("name", name);
        w.WriteString("value", value);
        w.WriteEndObject();
    }

    private static string Environment(RunResults r)
    {
        static string P(string v) => v.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal).Replace("\r", "", StringComparison.Ordinal);
        return $"run.id={P(r.Run.RunId)}\nbackend={(r.Run.Backend == Hosts.BackendKind.Qemu ? "qemu" : "hyperv")}\nsuite={P(r.Run.Suite)}\n"
            + $"matrix={P(r.Run.Matrix)}\nhvcert.version={P(r.Run.HvCertVersion)}\nhosts={P(string.Join(", ", r.Hosts))}\n";
    }

    private static string Uuid(string seed) => new Guid(SHA256.HashData(Encoding.UTF8.GetBytes(seed)).AsSpan(0, 16)).ToString("D");

    private static string Hex(string seed) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(seed)).AsSpan(0, 16));
}
