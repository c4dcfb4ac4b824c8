using System.Text.Json;
using HvCert.Evidence;

namespace HvCert.Reporting.Renderers;

/// <summary>
/// Writes the results document described by schemas/results.schema.json. Shared by results.json and by the data island
/// of report.html (which passes a smaller output cap and an HTML-safe encoder).
/// </summary>
internal static class ResultsJson
{
    public const int SchemaVersion = 1;

    public static void Write(Utf8JsonWriter w, RunResults r, int outputCap)
    {
        w.WriteStartObject();
        w.WriteNumber("schemaVersion", SchemaVersion);
        WriteRun(w, r.Run);
        w.WriteStartObject("summary");
        foreach (var kind in VerdictNames.All) w.WriteNumber(kind.Token(), r.Count(kind));
        w.WriteEndObject();
        w.WriteStartArray("targets");
        foreach (var t in r.Targets)
        {
            w.WriteStartObject();
            w.WriteString("id", t.Id); w.WriteString("distro", t.Distro); w.WriteString("family", t.Family);
            w.WriteString("release", t.Release); w.WriteString("os", t.Os == Catalog.OsFamily.FreeBsd ? "freebsd" : "linux");
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteStartArray("features");
        foreach (var (id, name, group) in FeaturesInRun(r))
        {
            w.WriteStartObject();
            w.WriteString("id", id); w.WriteString("name", name); w.WriteString("group", group);
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteStartArray("vms");
        foreach (var vm in r.Vms) WriteVm(w, vm);
        w.WriteEndArray();
        WriteFacts(w, r, outputCap);
        w.WriteStartArray("cells");
        foreach (var c in r.Cells) WriteCell(w, c, outputCap);
        w.WriteEndArray();
        w.WriteStartArray("evidenceDamage");
        foreach (var d in r.Damage)
        {
            w.WriteStartObject();
            w.WriteString("file", d.File); w.WriteNumber("line", Math.Max(1, d.Line)); w.WriteNumber("column", Math.Max(1, d.Column));
            w.WriteString("problem", d.Problem); w.WriteBoolean("eventLost", d.EventLost);
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteNumber("redactions", r.Redactions);
        w.WriteEndObject();
    }

    /// <summary>The features the run has cells for, in catalog order, then any unknown ids.</summary>
    private static IEnumerable<(string Id, string Name, string? Group)> FeaturesInRun(RunResults r)
    {
        var ids = r.Cells.Select(c => c.Key.FeatureId).ToHashSet(StringComparer.Ordinal);
        var known = Catalog.FeatureCatalog.All.Where(f => ids.Contains(f.Id)).Select(f => (f.Id, f.Name, (string?)Catalog.FeatureGroupNames.Display(f.Group)));
        var unknown = ids.Where(id => !Catalog.FeatureCatalog.TryGet(id, out _)).Order(StringComparer.Ordinal).Select(id => (id, id, (string?)null));
        return known.Concat(unknown);
    }

    private static void WriteRun(Utf8JsonWriter w, RunInfo run)
    {
        w.WriteStartObject("run");
        w.WriteString("runId", run.RunId); w.WriteString("hvcertVersion", run.HvCertVersion);
        w.WriteString("suite", run.Suite); w.WriteString("matrix", run.Matrix);
        w.WriteString("backend", run.Backend == Hosts.BackendKind.Qemu ? "qemu" : "hyperv");
        w.WriteNumber("plannedCells", run.PlannedCells);
        WriteTime(w, "startedAt", run.StartedAt); WriteTime(w, "finishedAt", run.FinishedAt);
        if (run.ExitCode is { } code) w.WriteNumber("exitCode", code); else w.WriteNull("exitCode");
        if (run.WallSeconds is { } wall) w.WriteNumber("wallSeconds", wall); else w.WriteNull("wallSeconds");
        w.WriteEndObject();
    }

    private static void WriteVm(Utf8JsonWriter w, VmRecord vm)
    {
        w.WriteStartObject();
        w.WriteString("vmKey", vm.VmKey); w.WriteString("vmName", vm.VmName); w.WriteString("target", vm.Target);
        w.WriteString("generation", vm.Generation.ToString()); w.WriteBoolean("secureBoot", vm.SecureBoot);
        w.WriteStartArray("faults");
        foreach (var f in vm.Faults) w.WriteStringValue(f.ToString());
        w.WriteEndArray();
        w.WriteStartArray("offeredDevices");
        foreach (var d in vm.OfferedDevices)
        {
            w.WriteStartObject();
            w.WriteString("role", d.Role.ToString()); w.WriteString("model", d.Model);
            w.WriteStartArray("guestDrivers");
            foreach (var g in d.GuestDrivers) w.WriteStringValue(g);
            w.WriteEndArray();
            w.WriteString("pciVendorDevice", d.PciVendorDevice); w.WriteString("detail", d.Detail);
            w.WriteEndObject();
        }

        w.WriteEndArray();
        WriteMap(w, "settings", vm.Settings);
        if (vm.RanOn is { } on)
        {
            // Only where a host reported itself (Hyper-V), so lab results stay as they were.
            w.WriteString("hostColumn", vm.HostColumn);
            w.WriteStartObject("ranOn");
            w.WriteString("name", on.Name); w.WriteString("release", on.Release); w.WriteString("build", on.Build);
            w.WriteEndObject();
        }

        w.WriteNumber("bootSeconds", vm.BootSeconds);
        WriteTime(w, "provisionedAt", vm.ProvisionedAt); WriteTime(w, "destroyedAt", vm.DestroyedAt);
        w.WriteString("provisionError", vm.ProvisionError);
        w.WriteString("serialLogTail", vm.SerialLogTail is null ? null : TextEscaping.Cap(vm.SerialLogTail, 8192));
        w.WriteEndObject();
    }

    private static void WriteCell(Utf8JsonWriter w, CellResult c, int cap)
    {
        w.WriteStartObject();
        w.WriteString("anchor", c.Anchor); w.WriteString("target", c.Key.Target);
        w.WriteString("generation", c.Key.Generation.ToString()); w.WriteString("host", c.Key.Host);
        w.WriteString("featureId", c.Key.FeatureId); w.WriteString("featureName", c.FeatureName);
        w.WriteString("group", c.Group is { } g ? Catalog.FeatureGroupNames.Display(g) : null);
        w.WriteString("verdict", c.Verdict.Token()); w.WriteString("reason", TextEscaping.Cap(c.Reason, cap));
        w.WriteStartArray("attempts");
        foreach (var a in c.Attempts) WriteAttempt(w, a, cap);
        w.WriteEndArray();
        w.WriteEndObject();
    }

    private static void WriteAttempt(Utf8JsonWriter w, AttemptResult a, int cap)
    {
        w.WriteStartObject();
        w.WriteNumber("attempt", a.Attempt); w.WriteString("vmKey", a.VmKey);
        WriteTime(w, "startedAt", a.StartedAt); WriteTime(w, "judgedAt", a.JudgedAt);
        w.WriteString("verdict", a.Verdict?.Token()); w.WriteString("reason", a.Reason is null ? null : TextEscaping.Cap(a.Reason, cap));
        w.WriteNumber("durationMs", a.DurationMs);
        WriteMap(w, "parameters", a.Parameters ?? new Dictionary<string, string>());
        w.WriteStartArray("steps");
        foreach (var step in a.Steps)
        {
            w.WriteStartObject();
            if (step is CommandRan cmd)
            {
                w.WriteString("kind", "command"); w.WriteNumber("step", cmd.Step); WriteTime(w, "at", cmd.At);
                w.WriteString("command", TextEscaping.Cap(cmd.Command, cap)); w.WriteNumber("exitCode", cmd.ExitCode);
                w.WriteString("stdout", TextEscaping.Cap(cmd.Stdout, cap)); w.WriteString("stderr", TextEscaping.Cap(cmd.Stderr, cap));
                w.WriteNumber("durationMs", cmd.DurationMs);
                w.WriteBoolean("truncated", cmd.Truncated || cmd.Stdout.Length > cap || cmd.Stderr.Length > cap);
                w.WriteBoolean("timedOut", cmd.TimedOut);
            }
            else if (step is HostActionDone host)
            {
                w.WriteString("kind", "host-action"); w.WriteNumber("step", host.Step); WriteTime(w, "at", host.At);
                w.WriteString("action", host.Action); w.WriteBoolean("ok", host.Ok);
                WriteMap(w, "observations", host.Observations, cap);
                w.WriteString("error", host.Error is null ? null : TextEscaping.Cap(host.Error, cap));
                w.WriteNumber("durationMs", host.DurationMs);
            }

            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteEndObject();
    }

    private static void WriteFacts(Utf8JsonWriter w, RunResults r, int cap)
    {
        if (r.HostFacts is { } h)
        {
            w.WriteStartObject("hostFacts");
            w.WriteString("backend", h.Backend == Hosts.BackendKind.Qemu ? "qemu" : "hyperv");
            w.WriteString("version", h.Version); w.WriteString("build", h.Build); w.WriteString("cpu", h.Cpu);
            WriteMap(w, "extra", h.Extra, cap);
            w.WriteEndObject();
        }
        else
        {
            w.WriteNull("hostFacts");
        }

        w.WriteStartArray("guestFacts");
        foreach (var g in r.Guests)
        {
            w.WriteStartObject();
            w.WriteString("vmKey", g.VmKey); w.WriteString("target", g.Target); w.WriteString("generation", g.Generation.ToString());
            w.WriteString("distro", TextEscaping.Cap(g.Distro, cap)); w.WriteString("kernel", TextEscaping.Cap(g.Kernel, cap));
            WriteMap(w, "packages", g.Packages, cap);
            w.WriteEndObject();
        }

        w.WriteEndArray();
    }

    private static void WriteMap(Utf8JsonWriter w, string name, IReadOnlyDictionary<string, string> map, int cap = TextEscaping.DefaultCap)
    {
        w.WriteStartObject(name);
        foreach (var (k, v) in map.OrderBy(kv => kv.Key, StringComparer.Ordinal)) w.WriteString(k, TextEscaping.Cap(v, cap));
        w.WriteEndObject();
    }

    private static void WriteTime(Utf8JsonWriter w, string name, DateTimeOffset? at)
    {
        if (at is { } t) w.WriteString(name, t.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", System.Globalization.CultureInfo.InvariantCulture));
        else w.WriteNull(name);
    }
}
