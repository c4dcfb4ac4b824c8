namespace HvCert.Guests.Tools.Linux;

internal enum FreezeStep
{
    Freeze,
    Thaw,
}

/// <summary>One filesystem freeze or thaw seen in the guest journal, and whether the agent said it succeeded.</summary>
internal sealed record FreezeEvent(FreezeStep Step, bool Ok, string Agent, string Line);

/// <summary>
/// Journal lines of the two backup agents: Hyper-V's hv_vss_daemon ("VSS: op=FREEZE: succeeded", "VSS: op=THAW: failed")
/// and qemu-guest-agent ("info: guest-fsfreeze called", "info: guest-fsfreeze-thaw called"). The QEMU agent logs only the call;
/// a failed freeze shows as an error line after it, which marks the event not ok.
/// </summary>
internal static class FreezeLogParser
{
    public static IReadOnlyList<FreezeEvent> Parse(string text)
    {
        var events = new List<FreezeEvent>();
        foreach (var line in ToolText.Lines(text).Select(l => l.Trim()).Where(l => l.Length > 0))
        {
            if (line.Contains("VSS: op=FREEZE:", StringComparison.Ordinal) || line.Contains("VSS: op=THAW:", StringComparison.Ordinal))
            {
                var step = line.Contains("op=FREEZE", StringComparison.Ordinal) ? FreezeStep.Freeze : FreezeStep.Thaw;
                events.Add(new FreezeEvent(step, line.EndsWith("succeeded", StringComparison.Ordinal), "hv_vss_daemon", line));
            }
            else if (line.Contains("guest-fsfreeze-thaw called", StringComparison.Ordinal))
            {
                events.Add(new FreezeEvent(FreezeStep.Thaw, true, "qemu-ga", line));
            }
            else if (line.Contains("guest-fsfreeze called", StringComparison.Ordinal))
            {
                events.Add(new FreezeEvent(FreezeStep.Freeze, true, "qemu-ga", line));
            }
            else if (events.Count > 0 && events[^1].Agent == "qemu-ga" && line.Contains("qemu-ga", StringComparison.Ordinal)
                && (line.Contains("failed", StringComparison.OrdinalIgnoreCase) || line.Contains("error", StringComparison.OrdinalIgnoreCase)))
            {
                events[^1] = events[^1] with { Ok = false };
            }
        }

        return events;
    }

    /// <summary>True when a successful freeze is followed by a successful thaw.</summary>
    public static bool FrozeThenThawed(IReadOnlyList<FreezeEvent> events)
    {
        var freeze = events.ToList().FindIndex(e => e.Step == FreezeStep.Freeze && e.Ok);
        return freeze >= 0 && events.Skip(freeze + 1).Any(e => e.Step == FreezeStep.Thaw && e.Ok);
    }
}
