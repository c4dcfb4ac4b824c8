using HvCert.Hosts;
using HvCert.Evidence;
using HvCert.Probes;

namespace HvCert.Running;

/// <summary>What one attempt ended with: a verdict, and whether it was an infrastructure failure (retry on a fresh VM).</summary>
internal sealed record AttemptOutcome(Verdict Verdict, bool Infrastructure, double DurationMs = 0);

/// <summary>
/// Runs one attempt of one probe on a leased VM under the cell's timeout, then judges it from the recorded events.
/// An exception never becomes Not supported: infrastructure failures and timeouts are Error (retryable), a crash of
/// the probe's own code is Error (not retried: it would crash again).
/// </summary>
internal static class ProbeAttempt
{
    public static async Task<AttemptOutcome> RunAsync(RunRecorder recorder, RunOptions options, VmLease lease, CellWork work,
        BackendCapabilities capabilities, CancellationToken cancellationToken)
    {
        var cell = work.Cell;
        recorder.Record(new ProbeStarted(cell.Key, work.Attempt, lease.Key) { Parameters = cell.Parameters, Probe = work.Probe.GetType().Name });
        var context = new ProbeContext(cell.Key, work.Attempt, lease.Vm, lease.Guest, cell.Parameters, recorder.Record, recorder.Time, options.OutputCap, capabilities);
        lease.Used = true;
        var started = recorder.Time.GetTimestamp();
        var outcome = await RunProbeAsync(context, work, recorder.Time, cancellationToken);
        if (outcome is null)
        {
            var (verdict, evidence) = Judge(recorder, work);
            outcome = new(verdict, Infrastructure: false);

            // A stalled guest or host action, or a guest out of disk or memory, is the lab's failure, never the feature's.
            if (verdict.Kind is VerdictKind.NotSupported or VerdictKind.Error
                && (InfrastructureFaults.Find(evidence) ?? await CheckGuestAsync(recorder, context, work, cancellationToken)) is { } fault)
            {
                outcome = new(Verdict.Error($"infrastructure: {fault}"), Infrastructure: true);
            }
        }

        return outcome with { DurationMs = recorder.Time.GetElapsedTime(started).TotalMilliseconds };
    }

    /// <summary>
    /// The guest's environment after a failed attempt (see <see cref="GuestHealth"/>), recorded as a step of the attempt;
    /// the fault it found, or null. Not after an isolated probe: it may have shut down, panicked or migrated the VM on purpose.
    /// A guest that no longer answers is itself the fault.
    /// </summary>
    private static async Task<string?> CheckGuestAsync(RunRecorder recorder, ProbeContext context, CellWork work, CancellationToken cancellationToken)
    {
        if (work.Probe.Isolation != Isolation.SharedVm)
        {
            return null;
        }

        try
        {
            await context.ExecAsync(GuestHealth.Step, GuestHealth.Command, GuestHealth.Timeout, cancellationToken);
        }
        catch (Exception ex) when (InfrastructureFailure.Is(ex) && !cancellationToken.IsCancellationRequested)
        {
            // A shared-VM probe must leave its VM answering. One that stopped answering under it (QEMU killed, the guest
            // panicked) explains the failure better than the feature does: "no heartbeat" is also what a dead VM shows.
            return $"the guest stopped answering after the attempt (guest check: {InfrastructureFailure.Describe(ex)})";
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return null; // the check itself failed in another way (a probe bug, a guest that cannot run sh): no finding
        }

        var check = ProbeEvidenceBuilder.FromEvents(recorder.Snapshot(), work.Key, work.Attempt)?.Command(GuestHealth.Step);
        return check is null ? null : GuestHealth.Fault(check);
    }

    /// <summary>Null when the probe ran to its end (then it is judged); an Error outcome when it threw or timed out.</summary>
    private static async Task<AttemptOutcome?> RunProbeAsync(ProbeContext context, CellWork work, TimeProvider time, CancellationToken cancellationToken)
    {
        var limit = work.Cell.Timeout;
        using var timeout = new CancellationTokenSource(limit, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        try
        {
            await work.Probe.RunAsync(context, linked.Token);
            return null;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested)
        {
            return new(Verdict.Error($"the probe did not finish within its {limit.TotalSeconds:0}s timeout"), Infrastructure: true);
        }
        catch (Exception ex) when (InfrastructureFailure.Is(ex))
        {
            return new(Verdict.Error($"infrastructure: {InfrastructureFailure.Describe(ex)}"), Infrastructure: true);
        }
        catch (Exception ex)
        {
            return new(Verdict.Error($"the probe crashed ({ex.GetType().Name}: {ex.Message})"), Infrastructure: false);
        }
    }

    private static (Verdict, ProbeEvidence) Judge(RunRecorder recorder, CellWork work)
    {
        var evidence = ProbeEvidenceBuilder.FromEvents(recorder.Snapshot(), work.Key, work.Attempt)
            ?? throw new InvalidOperationException($"no ProbeStarted recorded for {work.Key} attempt {work.Attempt}");
        try
        {
            return (work.Probe.Judge(evidence), evidence);
        }
        catch (Exception ex)
        {
            return (Verdict.Error($"the judge crashed ({ex.GetType().Name}: {ex.Message})"), evidence);
        }
    }
}
