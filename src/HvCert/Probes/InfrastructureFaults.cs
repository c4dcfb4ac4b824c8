using HvCert.Evidence;

namespace HvCert.Probes;

/// <summary>
/// Evidence that the infrastructure, not the feature, failed during an attempt: a guest command or a host action
/// (QMP, guest agent, WMI job) that timed out, or a guest environment failure: disk full, read-only file system, a
/// process killed by the OOM killer. A judge must never turn these into Not supported; the runner makes the attempt an
/// infrastructure Error and retries it once on a fresh VM.
/// </summary>
public static class InfrastructureFaults
{
    /// <summary>The observation key a backend sets when a host action hit its timeout.</summary>
    public const string TimedOutKey = "timed_out";

    private static readonly (string Text, string Fault)[] GuestEnvironment =
    [
        ("No space left on device", "the guest's disk is full (ENOSPC)"),
        ("Read-only file system", "the guest's file system is read-only (EROFS)"),
        ("Out of memory: Killed process", "the guest's OOM killer killed a process"),
        ("invoked oom-killer", "the guest's OOM killer ran"),
        ("Cannot allocate memory", "the guest ran out of memory (ENOMEM)"),
    ];

    /// <summary>The first fault in the attempt, in words for the verdict reason; null when none.</summary>
    public static string? Find(ProbeEvidence evidence)
    {
        foreach (var h in evidence.HostActions)
        {
            if (InHostAction(h) is { } fault)
            {
                return fault;
            }
        }

        foreach (var c in evidence.Commands)
        {
            if (InCommand(c) is { } fault)
            {
                return fault;
            }
        }

        return null;
    }

    public static string? InHostAction(HostActionDone action)
    {
        if (action.Ok)
        {
            return null;
        }

        if (action.Observations.TryGetValue(TimedOutKey, out var t) && t == "true")
        {
            return $"host action {action.Action} (step {action.Step}) timed out: {Clip(action.Error)}";
        }

        // A host action that writes into the guest (the agent's guest-file-write) relays the guest's own errno.
        foreach (var (text, fault) in GuestEnvironment)
        {
            if (action.Error?.Contains(text, StringComparison.OrdinalIgnoreCase) == true)
            {
                return $"{fault}: host action {action.Action} (step {action.Step}) failed with '{text}'";
            }
        }

        return null;
    }

    public static string? InCommand(CommandRan command)
    {
        // The health check's own timeout says nothing (the VM may be off after a shutdown probe): only its output counts.
        if (command.TimedOut && command.Step != GuestHealth.Step)
        {
            return $"guest command step {command.Step} timed out after {command.DurationMs / 1000:0.#} s (the guest or its connection stalled)";
        }

        return InGuestOutput(command);
    }

    /// <summary>A guest environment failure (full or read-only disk, OOM) named in a command's output.</summary>
    public static string? InGuestOutput(CommandRan command)
    {
        foreach (var (text, fault) in GuestEnvironment)
        {
            if (command.Stderr.Contains(text, StringComparison.OrdinalIgnoreCase) || command.Stdout.Contains(text, StringComparison.OrdinalIgnoreCase))
            {
                return command.Step == GuestHealth.Step
                    ? $"{fault}: the runner's guest check after the attempt printed '{text}'"
                    : $"{fault}: step {command.Step} printed '{text}'";
            }
        }

        return null;
    }

    private static string Clip(string? text)
    {
        var flat = (text ?? "no error text").ReplaceLineEndings(" ").Trim();
        return flat.Length <= 160 ? flat : flat[..160] + "…";
    }
}
