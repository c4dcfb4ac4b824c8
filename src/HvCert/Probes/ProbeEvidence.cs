using HvCert.Catalog;
using HvCert.Evidence;
using HvCert.Hosts;

namespace HvCert.Probes;

/// <summary>Everything a judge may look at for one probe attempt. Built from evidence.jsonl, from a live run, or from a directory of outputs.</summary>
public sealed record ProbeEvidence(
    BackendKind Backend,
    OsFamily Os,
    Generation Generation,
    IReadOnlyList<OfferedDevice> OfferedDevices,
    IReadOnlyDictionary<string, string> Settings,
    IReadOnlyDictionary<string, string> Parameters,
    IReadOnlyList<CommandRan> Commands,
    IReadOnlyList<HostActionDone> HostActions)
{
    public CommandRan? Command(int step) => Commands.LastOrDefault(c => c.Step == step);

    public HostActionDone? Host(int step) => HostActions.LastOrDefault(h => h.Step == step);

    public OfferedDevice? Offered(DeviceRole role) => OfferedDevices.FirstOrDefault(d => d.Role == role);

    public string Parameter(string name, string fallback) => Parameters.TryGetValue(name, out var v) ? v : fallback;

    public string? Setting(string name) => Settings.TryGetValue(name, out var v) ? v : null;
}
