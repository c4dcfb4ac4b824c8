namespace HvCert.Evidence;

/// <summary>
/// Applies one text transformation to every free-text field of an event (guest output, reasons, observations, settings,
/// facts): redaction before an event is written, and redaction plus visible control characters before a report.
/// Ids (cells, VM keys) are left as they are: they are checked names, and changing them would break the links.
/// </summary>
public static class EvidenceText
{
    public static EvidenceEvent Map(EvidenceEvent e, Func<string, string> f) => e switch
    {
        RunStarted s => s with { Suite = f(s.Suite), Matrix = f(s.Matrix) },
        CommandRan c => c with { Command = f(c.Command), Stdout = f(c.Stdout), Stderr = f(c.Stderr) },
        HostActionDone h => h with { Action = f(h.Action), Observations = Map(h.Observations, f), Error = h.Error is null ? null : f(h.Error) },
        ProbeJudged j => j with { Reason = f(j.Reason) },
        VmProvisioned v => v with { Settings = Map(v.Settings, f), RanOn = v.RanOn is { } on ? new Hosts.HostPlacement(f(on.Name), f(on.Release), f(on.Build)) : null },
        VmProvisionFailed v => v with { Error = f(v.Error), SerialLogTail = f(v.SerialLogTail) },
        GuestFactsRecorded g => g with { Distro = f(g.Distro), Kernel = f(g.Kernel), Packages = Map(g.Packages, f), Raw = Map(g.Raw, f) },
        HostFactsRecorded h => h with
        {
            Facts = h.Facts with { Version = f(h.Facts.Version), Build = f(h.Facts.Build), Cpu = f(h.Facts.Cpu), Extra = Map(h.Facts.Extra, f) },
        },
        _ => e,
    };

    private static IReadOnlyDictionary<string, string> Map(IReadOnlyDictionary<string, string> map, Func<string, string> f) =>
        map.ToDictionary(kv => kv.Key, kv => f(kv.Value), StringComparer.Ordinal);
}
