using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using HvCert.Catalog;
using HvCert.Evidence;
using HvCert.Features.Common;
using HvCert.Hosts;
using HvCert.Planning;
using HvCert.Probes;
using HvCert.Validation;

namespace HvCert.Cli.Manual;

/// <summary>A file in an outputs directory that cannot be read as evidence: names the file, line and column.</summary>
internal sealed class OutputsFormatException(string file, int line, int column, string message)
    : Exception($"{file}:{line}:{column}: {message}");

/// <summary>
/// Turns a directory of hand-captured outputs into <see cref="ProbeEvidence"/>: <c>N.txt</c> (stdout of step N),
/// <c>N.exit</c> (its exit status, default 0), <c>N.err</c> (stderr), <c>hN.json</c> (host action N: either
/// {"ok":…, "action":…, "observations":{…}, "error":…} or a flat object of observations), and optionally
/// <c>offered.json</c>, <c>settings.json</c>, <c>parameters.json</c>. Other files are ignored.
/// Input limits as for every file hvcert reads: at most 8 MB per file and 64 MB per directory; exit files and JSON files
/// (written by a person or a script) may hold no control characters. Step outputs are guest text: judged as captured
/// (control characters included, as in a live run), capped like a live run's outputs, and escaped wherever printed.
/// </summary>
internal static partial class OutputsDirectory
{
    public static ProbeEvidence Load(string dir, string featureId, BackendKind backend, OsFamily os, Generation generation)
    {
        if (!Directory.Exists(dir))
        {
            throw new OutputsFormatException(dir, 1, 1, "no such directory; pass the folder holding 1.txt, 2.txt, …");
        }

        CheckSizes(dir);
        var cell = new CellKey("manual", generation, backend == BackendKind.Qemu ? "qemu" : "hyperv", featureId);
        var commands = new List<CommandRan>();
        var hosts = new List<HostActionDone>();
        foreach (var path in Directory.EnumerateFiles(dir).Order(StringComparer.Ordinal))
        {
            var name = Path.GetFileName(path);
            if (StdoutFile().Match(name) is { Success: true } m)
            {
                var step = int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture);
                var stderr = ReadOptional(Path.Combine(dir, $"{step}.err"));
                commands.Add(new CommandRan(cell, 1, step, $"(step {step}, from {name})", ReadExit(Path.Combine(dir, $"{step}.exit")),
                    Cap(File.ReadAllText(path)), Cap(stderr), 0, false, false));
            }
            else if (HostFile().Match(name) is { Success: true } h)
            {
                hosts.Add(ReadHost(path, cell, int.Parse(h.Groups[1].Value, CultureInfo.InvariantCulture)));
            }
        }

        if (commands.Count == 0 && hosts.Count == 0)
        {
            throw new OutputsFormatException(dir, 1, 1, "holds no step outputs; name them by step number: 1.txt, 2.txt (and h3.json for host actions)");
        }

        var offered = File.Exists(Path.Combine(dir, "offered.json"))
            ? ReadJson<List<OfferedDeviceJson>>(Path.Combine(dir, "offered.json")).Select(o => o.ToDevice(Path.Combine(dir, "offered.json"))).ToList()
            : ReferenceDevices.For(backend);
        return new ProbeEvidence(backend, os, generation, offered, ReadMap(Path.Combine(dir, "settings.json")),
            ReadMap(Path.Combine(dir, "parameters.json")), commands.OrderBy(c => c.Step).ToList(), hosts.OrderBy(c => c.Step).ToList());
    }

    private static int ReadExit(string path)
    {
        if (!File.Exists(path))
        {
            return 0;
        }

        var text = ReadWritten(path).Trim();
        return int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var code)
            ? code
            : throw new OutputsFormatException(path, 1, 1, $"exit status '{Judging.Clip(text, 20)}' is not an integer; write the command's exit status, e.g. 0");
    }

    private static HostActionDone ReadHost(string path, CellKey cell, int step)
    {
        var root = ReadJson<JsonElement>(path);
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw new OutputsFormatException(path, 1, 1, "must hold a JSON object of observations");
        }

        var structured = root.TryGetProperty("observations", out var obs) && obs.ValueKind == JsonValueKind.Object;
        var observations = Flatten(structured ? obs : root);
        var ok = !structured || !root.TryGetProperty("ok", out var okValue) || okValue.ValueKind != JsonValueKind.False;
        var action = structured && root.TryGetProperty("action", out var a) ? a.ToString() : $"h{step}";
        var error = structured && root.TryGetProperty("error", out var e) && e.ValueKind == JsonValueKind.String ? e.GetString() : null;
        return new HostActionDone(cell, 1, step, action, ok, observations, error, 0);
    }

    private static Dictionary<string, string> Flatten(JsonElement obj) =>
        obj.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.ValueKind == JsonValueKind.String ? p.Value.GetString()! : p.Value.GetRawText(), StringComparer.Ordinal);

    private static Dictionary<string, string> ReadMap(string path) =>
        File.Exists(path) ? Flatten(ReadJson<JsonElement>(path)) : new Dictionary<string, string>();

    private static T ReadJson<T>(string path)
    {
        try
        {
            return JsonSerializer.Deserialize<T>(ReadWritten(path), Json) ?? throw new OutputsFormatException(path, 1, 1, "is empty JSON (null)");
        }
        catch (JsonException ex)
        {
            throw new OutputsFormatException(path, (int)(ex.LineNumber ?? 0) + 1, (int)(ex.BytePositionInLine ?? 0) + 1, "is not valid JSON here: " + ex.Message.Split('.')[0]);
        }
    }

    /// <summary>Every file this directory could be read from, against the per-file and per-directory caps.</summary>
    private static void CheckSizes(string dir)
    {
        long total = 0;
        foreach (var path in Directory.EnumerateFiles(dir).Where(p => Read(Path.GetFileName(p))))
        {
            var length = new FileInfo(path).Length;
            if (length > InputLimits.MaxTextFileBytes)
            {
                throw new OutputsFormatException(path, 1, 1, $"is {InputLimits.Megabytes(length)}; hvcert judges at most "
                    + $"{InputLimits.Megabytes(InputLimits.MaxTextFileBytes)} per file (a live run keeps 64 KB of each output): save only the command's output");
            }

            total += length;
            if (total > MaxDirectoryBytes)
            {
                throw new OutputsFormatException(dir, 1, 1, $"holds more than {InputLimits.Megabytes(MaxDirectoryBytes)} of step outputs; "
                    + "pass the folder of one probe's outputs (1.txt, 2.txt, h3.json …)");
            }
        }
    }

    private static bool Read(string name) =>
        StdoutFile().IsMatch(name) || HostFile().IsMatch(name) || StepFile().IsMatch(name)
        || name is "offered.json" or "settings.json" or "parameters.json";

    private const long MaxDirectoryBytes = 64L * 1024 * 1024;

    /// <summary>A file a person or script wrote (exit status, JSON): a control character in it is a broken file.</summary>
    private static string ReadWritten(string path)
    {
        var text = File.ReadAllText(path);
        return InputLimits.FindControlCharacter(text) is { } bad
            ? throw new OutputsFormatException(path, bad.Line, bad.Column, $"holds the control character {bad.Shown}; "
                + "exit and JSON files may not contain NUL or other control characters (a file padded with NUL bytes was usually cut or copied badly)")
            : text;
    }

    private static string ReadOptional(string path) => File.Exists(path) ? File.ReadAllText(path) : "";

    // Same cap as a live run (ProbeContext): a guest can print anything, and we judge at most this much.
    private static string Cap(string text) => text.Length <= 64 * 1024 ? text : text[..(64 * 1024)];

    private static readonly JsonSerializerOptions Json = new() { PropertyNameCaseInsensitive = true };

    [GeneratedRegex(@"^(\d{1,3})\.txt$")]
    private static partial Regex StdoutFile();

    [GeneratedRegex(@"^h(\d{1,3})\.json$")]
    private static partial Regex HostFile();

    [GeneratedRegex(@"^\d{1,3}\.(err|exit)$")]
    private static partial Regex StepFile();

    private sealed record OfferedDeviceJson(string? Role, string? Model, List<string>? GuestDrivers, string? PciVendorDevice)
    {
        public OfferedDevice ToDevice(string file) =>
            Enum.TryParse<DeviceRole>(Role, ignoreCase: true, out var role) && Model is not null
                ? new OfferedDevice(role, Model, GuestDrivers ?? [], PciVendorDevice)
                : throw new OutputsFormatException(file, 1, 1, $"device role '{Role}' or model missing; roles: {string.Join(", ", Enum.GetNames<DeviceRole>())}");
    }
}
