using HvCert.Hosts;
using HvCert.Probes;

namespace HvCert.Features.Common;

/// <summary>
/// After a step that moves or restarts the VM (live migration), waits until the guest accepts SSH again and continues
/// with that connection. Recorded as a host action so the evidence shows how long the guest was unreachable.
/// </summary>
internal sealed record ReconnectGuest(int Step, string Purpose, TimeSpan Deadline) : ProbeStep(Step, Purpose)
{
    public const string Action = "reconnect";

    public async Task<ProbeContext> RunAsync(ProbeContext context, CancellationToken cancellationToken)
    {
        var started = context.Time.GetTimestamp();
        var guest = await context.Vm.UntilSshAcceptsAsync(Deadline, cancellationToken);
        var ms = context.Time.GetElapsedTime(started).TotalMilliseconds;
        await context.HostAsync(Step, _ => Task.FromResult(HostActionResult.Success(Action,
            ("seconds", (ms / 1000).ToString("0.0", System.Globalization.CultureInfo.InvariantCulture)))), cancellationToken);
        return context.WithGuest(guest);
    }
}
