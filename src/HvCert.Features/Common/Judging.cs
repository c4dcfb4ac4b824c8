using System.Globalization;
using HvCert.Evidence;
using HvCert.Probes;

namespace HvCert.Features.Common;

/// <summary>
/// The shared first half of every judge: was the step recorded, did the tool exist, did it finish? A missing tool
/// (exit 127) is never a pass; a step that never ran means the run stopped early (an earlier host action failed).
/// </summary>
internal static class Judging
{
    public static bool Ran(this ProbeEvidence evidence, int step, out CommandRan command, out Verdict failure, bool mayFail = false)
    {
        command = evidence.Command(step)!;
        failure = null!;
        if (command is null)
        {
            failure = Verdict.Error($"step {step} has no recorded output (the run stopped before it)");
            return false;
        }

        if (command.TimedOut)
        {
            failure = Verdict.Error($"step {step} timed out after {command.DurationMs / 1000:0.#} s");
            return false;
        }

        if (command.ExitCode != 0 && InfrastructureFaults.InCommand(command) is { } fault)
        {
            failure = Verdict.Error($"infrastructure: {fault}"); // a full or read-only guest disk is not the feature failing
            return false;
        }

        if (command.ExitCode == 127)
        {
            failure = Verdict.NotSupported($"step {step}: '{Tool(command)}' is not installed in the guest (exit 127)");
            return false;
        }

        if (command.ExitCode != 0 && !mayFail)
        {
            failure = Verdict.NotSupported($"step {step} `{Clip(command.Command, 60)}` exited {command.ExitCode}: {FirstLine(command.Stderr, command.Stdout)}");
            return false;
        }

        return true;
    }

    /// <summary>A host action that succeeded. A missing facet becomes Not offered with the backend's reason.</summary>
    public static bool HostOk(this ProbeEvidence evidence, int step, out HostActionDone action, out Verdict failure)
    {
        action = evidence.Host(step)!;
        failure = null!;
        if (action is null)
        {
            failure = Verdict.Error($"host step {step} has no recorded result (the run stopped before it)");
            return false;
        }

        if (action.Ok)
        {
            return true;
        }

        if (InfrastructureFaults.InHostAction(action) is { } fault)
        {
            failure = Verdict.Error($"infrastructure: {fault}"); // a stalled QMP/agent/WMI call says nothing about the guest
            return false;
        }

        failure = action.Observations.TryGetValue(HostStep.NotOfferedKey, out var why)
            ? Verdict.NotOffered($"not offered by this backend: {why}")
            : Verdict.NotSupported($"host action {action.Action} failed: {Clip(action.Error ?? "no error text", 120)}");
        return false;
    }

    public static string? Observation(this HostActionDone action, string key) =>
        action.Observations.TryGetValue(key, out var v) ? v : null;

    public static double? Number(this HostActionDone action, string key) =>
        action.Observation(key) is { } text && double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) ? d : null;

    public static int ParamInt(this ProbeEvidence evidence, string name, int fallback) =>
        int.TryParse(evidence.Parameter(name, fallback.ToString(CultureInfo.InvariantCulture)), NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) ? v : fallback;

    public static double ParamDouble(this ProbeEvidence evidence, string name, double fallback) =>
        double.TryParse(evidence.Parameter(name, fallback.ToString(CultureInfo.InvariantCulture)).TrimEnd('s'), NumberStyles.Float, CultureInfo.InvariantCulture, out var v) ? v : fallback;

    /// <summary>Guest text going into a one-line reason: single line, printable, capped.</summary>
    public static string Clip(string text, int max)
    {
        var flat = new string(text.Select(c => char.IsControl(c) ? ' ' : c).ToArray()).Trim();
        return flat.Length <= max ? flat : flat[..max] + "…";
    }

    public static string FirstLine(params string[] texts)
    {
        foreach (var t in texts)
        {
            var line = t.Split('\n').Select(l => l.Trim()).FirstOrDefault(l => l.Length > 0);
            if (line is not null)
            {
                return Clip(line, 100);
            }
        }

        return "no output";
    }

    /// <summary>The missing tool as the shell named it ("sh: 1: ethtool: not found", "bash: lsvmbus: command not found").</summary>
    private static string Tool(CommandRan command)
    {
        var m = System.Text.RegularExpressions.Regex.Match(command.Stderr, @"([\w.+-]+): (?:command )?not found");
        return m.Success ? m.Groups[1].Value : Clip(command.Command, 40);
    }
}
