using System.CommandLine;
using System.Text.Json;
using HvCert.Catalog;
using HvCert.Cli.Manual;
using HvCert.Features;
using HvCert.Features.Common;
using HvCert.Hosts;
using HvCert.Probes;

namespace HvCert.Cli.Commands;

/// <summary>
/// `hvcert judge`: prints a probe's numbered commands, or judges a directory of hand-captured outputs
/// (serial console, air-gapped host) with the same judge a live run uses.
/// </summary>
internal static class JudgeCommand
{
    public static Command Build()
    {
        var feature = new Option<string>("--feature") { Description = "Feature id, e.g. net.jumbo-frames (see `hvcert features`).", Required = true };
        var os = new Option<string>("--os") { Description = "Guest OS family: linux or freebsd.", DefaultValueFactory = _ => "linux" };
        var backend = new Option<string>("--backend") { Description = "Host backend whose expectations apply: hyperv or qemu.", DefaultValueFactory = _ => "hyperv" };
        var generation = new Option<int>("--generation") { Description = "VM generation, 1 or 2.", DefaultValueFactory = _ => 1 };
        var print = new Option<bool>("--print-commands") { Description = "Print the numbered steps (guest commands and host actions)." };
        var outputs = new Option<string?>("--outputs") { Description = "Directory with one file per step output: 1.txt, optional 1.exit / 1.err, host actions as h2.json." };
        var json = new Option<bool>("--json") { Description = "Print the verdict as JSON." };
        var command = new Command("judge", "Print a probe's commands, or judge a directory of captured outputs.")
        {
            feature, os, backend, generation, print, outputs, json,
        };
        command.SetAction(r => Run(r.GetValue(feature)!, r.GetValue(os)!, r.GetValue(backend)!, r.GetValue(generation),
            r.GetValue(print), r.GetValue(outputs), r.GetValue(json), Console.Out, Console.Error));
        return command;
    }

    internal static int Run(string featureId, string osText, string backendText, int gen, bool print, string? outputs, bool json, TextWriter stdout, TextWriter stderr)
    {
        if (!FeatureCatalog.TryGet(featureId, out var feature))
        {
            var hints = FeatureIdSuggestions.For(featureId);
            stderr.WriteLine($"hvcert judge: unknown feature id '{featureId}'." + (hints.Count > 0 ? $" Did you mean: {string.Join(", ", hints)}?" : "") + " Run `hvcert features` for the list.");
            return ExitCodes.BadInput;
        }

        if (!TryOs(osText, out var os) || !TryBackend(backendText, out var backend) || gen is not (1 or 2))
        {
            stderr.WriteLine($"hvcert judge: --os must be linux or freebsd, --backend hyperv or qemu, --generation 1 or 2 (got '{osText}', '{backendText}', {gen}).");
            return ExitCodes.BadInput;
        }

        if (ProbeRegistry.Find(feature.Id, os) is not { } probe)
        {
            stderr.WriteLine($"hvcert judge: no {osText} probe is registered for {feature.Id} ({feature.Name}).");
            return ExitCodes.BadInput;
        }

        if (print == (outputs is not null))
        {
            stderr.WriteLine("hvcert judge: give exactly one of --print-commands or --outputs DIR.");
            return ExitCodes.BadInput;
        }

        if (print)
        {
            PrintSteps(probe, feature, backend, stdout);
            return ExitCodes.Ok;
        }

        ProbeEvidence evidence;
        try
        {
            evidence = OutputsDirectory.Load(outputs!, feature.Id, backend, os, (Generation)gen);
        }
        catch (OutputsFormatException ex)
        {
            stderr.WriteLine($"hvcert judge: {HvCert.Reporting.TextEscaping.Visible(ex.Message)}");
            return ExitCodes.BadInput;
        }

        var verdict = feature.AppliesTo((Generation)gen) ? probe.Judge(evidence) : Verdict.NotApplicable($"{feature.Name} applies to {string.Join("/", feature.Generations)} only");
        // The reason quotes guest output: secrets redacted, control characters and bidi overrides made visible.
        var reason = HvCert.Reporting.TextEscaping.Visible(HvCert.Evidence.Redaction.Redact(verdict.Reason));
        if (json)
        {
            stdout.WriteLine(JsonSerializer.Serialize(new { feature = feature.Id, os = osText, backend = backendText, generation = gen, verdict = verdict.Kind, reason }, CliJson.Options));
        }
        else
        {
            stdout.WriteLine($"{feature.Id}: {verdict.Kind}: {reason}");
        }

        return verdict.Kind switch
        {
            VerdictKind.NotSupported => ExitCodes.CertificationFailed,
            VerdictKind.Error => ExitCodes.InfrastructureError,
            _ => ExitCodes.Ok,
        };
    }

    private static void PrintSteps(IProbe probe, Feature feature, BackendKind backend, TextWriter stdout)
    {
        stdout.WriteLine($"# {feature.Id} ({feature.Name}), {probe.Os.ToString().ToLowerInvariant()} guest, {backend} host. Save step N's output as N.txt (exit status in N.exit).");
        if (probe is GuestProbe stepped)
        {
            var guest = probe.GuestSteps(backend).ToDictionary(g => g.Step);
            foreach (var step in stepped.RunSteps(backend))
            {
                if (guest.TryGetValue(step.Step, out var g))
                {
                    stdout.WriteLine($"{g.Step,3}  {g.Command}");
                    stdout.WriteLine($"     # {g.Purpose}");
                }
                else if (step is HostStep h)
                {
                    stdout.WriteLine($"{"h" + h.Step,3}  [host] {h.Action}: {h.Purpose}{(h.Facet is { } f ? $" (facet {f}; save observations as h{h.Step}.json)" : $" (save as h{h.Step}.json)")}");
                }
            }

            return;
        }

        foreach (var g in probe.GuestSteps(backend))
        {
            stdout.WriteLine($"{g.Step,3}  {g.Command}");
            stdout.WriteLine($"     # {g.Purpose}");
        }
    }

    private static bool TryOs(string text, out OsFamily os)
    {
        os = text.ToLowerInvariant() switch { "linux" => OsFamily.Linux, "freebsd" => OsFamily.FreeBsd, _ => (OsFamily)(-1) };
        return Enum.IsDefined(os);
    }

    private static bool TryBackend(string text, out BackendKind backend)
    {
        backend = text.ToLowerInvariant() switch { "hyperv" or "hyper-v" => BackendKind.HyperV, "qemu" => BackendKind.Qemu, _ => (BackendKind)(-1) };
        return Enum.IsDefined(backend);
    }
}
