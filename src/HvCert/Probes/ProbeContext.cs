using System.Diagnostics;
using HvCert.Evidence;
using HvCert.Hosts;
using HvCert.Planning;
using HvCert.Transport;

namespace HvCert.Probes;

/// <summary>
/// What a running probe may touch: the VM, its guest transport and the suite parameters. Every guest command
/// and host action goes through here so it lands in the evidence stream as it happens.
/// </summary>
public sealed class ProbeContext(
    CellKey cell,
    int attempt,
    IVm vm,
    IGuestTransport guest,
    IReadOnlyDictionary<string, string> parameters,
    Action<EvidenceEvent> record,
    TimeProvider time,
    int outputCap = 64 * 1024,
    BackendCapabilities? capabilities = null)
{
    public IVm Vm => vm;

    public IReadOnlyDictionary<string, string> Parameters => parameters;

    public TimeProvider Time => time;

    /// <summary>The backend's capabilities when the runner knows them, so a probe can name why a facet is not offered.</summary>
    public BackendCapabilities? Capabilities => capabilities;

    public string Parameter(string name, string fallback) => parameters.TryGetValue(name, out var v) ? v : fallback;

    public async Task<CommandResult> ExecAsync(int step, string command, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var result = await guest.ExecAsync(command, timeout, cancellationToken);
        record(new CommandRan(cell, attempt, step, command, result.ExitCode, Cap(result.Stdout), Cap(result.Stderr),
            result.Duration.TotalMilliseconds, result.Truncated || result.Stdout.Length > outputCap, result.TimedOut)
        { At = time.GetUtcNow() });
        return result;
    }

    public async Task<HostActionResult> HostAsync(int step, Func<CancellationToken, Task<HostActionResult>> action, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        HostActionResult result;
        try
        {
            result = await action(cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException and not InfrastructureException and not GuestUnreachableException)
        {
            result = HostActionResult.Failure(action.Method.Name, ex.Message);
        }

        var ms = result.Duration > TimeSpan.Zero ? result.Duration.TotalMilliseconds : Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        record(new HostActionDone(cell, attempt, step, result.Action, result.Ok, result.Observations, result.Error, ms) { At = time.GetUtcNow() });
        return result;
    }

    /// <summary>Used by probes that bring a VM back (after shutdown, migration) to keep recording commands.</summary>
    public ProbeContext WithGuest(IGuestTransport newGuest) => new(cell, attempt, vm, newGuest, parameters, record, time, outputCap, capabilities);

    private string Cap(string text) => text.Length <= outputCap ? text : text[..outputCap];
}
