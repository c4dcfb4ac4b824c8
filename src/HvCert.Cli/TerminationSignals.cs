using System.Runtime.InteropServices;

namespace HvCert.Cli;

/// <summary>
/// Ctrl-C and SIGTERM, handled from the first line of Program rather than from when System.CommandLine starts the verb.
/// The fault campaign sent SIGTERM to a starting `run --resume` (after kill -9 of the run) before the verb began: with no
/// handler yet, the runtime's default action ended hvcert at once, and the killed run's overlays, folder and namespaces
/// stayed. Now a signal at any point after Main starts cancels the token the verb gets (a resume still reaps first, which
/// is not cancellable) and never kills the process outright; a verb that has not finished
/// <see cref="Grace"/> after the first signal is abandoned with exit 130, as System.CommandLine's own handler did. Only
/// the runtime's own start-up, before Main, remains uncovered (a few hundred milliseconds).
/// </summary>
internal sealed class TerminationSignals : IDisposable
{
    public static readonly TimeSpan Grace = TimeSpan.FromSeconds(60);

    private readonly CancellationTokenSource cancel = new();
    private readonly TaskCompletionSource<int> abandoned = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly List<PosixSignalRegistration> registrations = [];
    private readonly TimeSpan grace;
    private int signalled;

    public TerminationSignals(TimeSpan grace, bool listen = true)
    {
        this.grace = grace;
        if (listen)
        {
            registrations.Add(PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal));
            registrations.Add(PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal));
        }
    }

    /// <summary>Cancelled by the first Ctrl-C or SIGTERM; handed to the verb.</summary>
    public CancellationToken Token => cancel.Token;

    /// <summary>Completes with 130 when the verb outlives the grace after the first signal.</summary>
    public Task<int> Abandoned => abandoned.Task;

    /// <summary>What a signal does; internal so the tests can drive it without signalling the test host.</summary>
    internal void Signalled()
    {
        if (Interlocked.Exchange(ref signalled, 1) == 1)
        {
            return; // a second Ctrl-C does not shorten the clean-up
        }

        _ = Task.Delay(grace).ContinueWith(_ => abandoned.TrySetResult(ExitCodes.Cancelled), TaskScheduler.Default);
        cancel.Cancel();
    }

    public void Dispose()
    {
        foreach (var r in registrations)
        {
            r.Dispose();
        }

        cancel.Dispose();
    }

    private void OnSignal(PosixSignalContext context)
    {
        context.Cancel = true; // the verb ends itself (clean-up, summary, exit 130); the runtime must not end the process
        Signalled();
    }
}
