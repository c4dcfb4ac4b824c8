using HvCert.Evidence;
using HvCert.Hosts;
using HvCert.Planning;
using HvCert.Probes;

namespace HvCert.Running;

/// <summary>
/// Runs one VM group: boots its VM, runs the shared probes in order on it, then each isolated probe on a clean VM
/// (a snapshot revert when the VM supports it; otherwise the group VM once, then fresh VMs), and always destroys
/// what it booted, on failure and on cancellation too.
/// </summary>
internal sealed class VmGroupRunner(IHostBackend backend, RunRecorder recorder, RunOptions options, VmGroup group,
    IReadOnlyList<CellWork> shared, IReadOnlyList<CellWork> isolated)
{
    private static readonly TimeSpan DestroyGrace = TimeSpan.FromSeconds(60);
    private readonly VmProvisioner provisioner = new(backend, recorder, options, group, snapshot: isolated.Count > 0 && shared.Count + isolated.Count > 1);
    private VmLease? lease;

    public VmGroup Group => group;

    public int CellCount => shared.Count + isolated.Count;

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        try
        {
            await RunCellsAsync(shared, isolatedPhase: false, cancellationToken);
            await RunCellsAsync(isolated, isolatedPhase: true, cancellationToken);
        }
        finally
        {
            await ReleaseAsync();
        }
    }

    private async Task RunCellsAsync(IReadOnlyList<CellWork> cells, bool isolatedPhase, CancellationToken cancellationToken)
    {
        var pending = new LinkedList<CellWork>(cells);
        while (pending.First is { } next)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (isolatedPhase)
            {
                await MakeCleanAsync(cancellationToken);
            }

            lease ??= await provisioner.TryProvisionAsync(cancellationToken);
            if (lease is null)
            {
                // The VM these cells needed never came up: each gets an Error attempt and is retried once on the next VM.
                var charged = isolatedPhase ? [next.Value] : pending.ToList();
                charged.ForEach(c => pending.Remove(c));
                foreach (var retry in charged.Where(c => FailAttempt(c, provisioner.LastFailure)).Reverse())
                {
                    pending.AddFirst(retry);
                }

                continue;
            }

            var work = next.Value;
            pending.RemoveFirst();
            AttemptOutcome outcome;
            try
            {
                outcome = await ProbeAttempt.RunAsync(recorder, options, lease, work, backend.Capabilities, cancellationToken);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                RecordCancelled(work);
                throw;
            }

            lease.Spoiled |= isolatedPhase;
            if (!outcome.Infrastructure)
            {
                recorder.Record(new ProbeJudged(work.Key, work.Attempt, outcome.Verdict.Kind, outcome.Verdict.Reason, outcome.DurationMs));
                continue;
            }

            // A VM that died because the run is being cancelled must not spend the cell's retry (CancellationWait).
            if (await CancellationWait.ArrivesWithinAsync(options.CancellationGrace, cancellationToken))
            {
                RecordCancelled(work);
                cancellationToken.ThrowIfCancellationRequested();
            }

            // The VM or its connection failed under this probe: drop the VM and retry the cell once on a fresh one.
            await ReleaseAsync();
            if (FailAttempt(work, outcome.Verdict.Reason, outcome.DurationMs))
            {
                pending.AddFirst(work);
            }
        }
    }

    /// <summary>The attempt in progress when the run was cancelled: not run, so a resume runs it afresh.</summary>
    private void RecordCancelled(CellWork work) =>
        recorder.Record(new ProbeJudged(work.Key, work.Attempt, VerdictKind.Skipped,
            "not run: the run was cancelled while this probe ran; 'hvcert run --resume' runs it afresh", 0) { Cancelled = true });

    /// <summary>Records an Error for the cell's current attempt; true when the cell gets one more attempt.</summary>
    private bool FailAttempt(CellWork work, string reason, double durationMs = 0)
    {
        var retry = work.RetriesLeft > 0;
        recorder.Record(new ProbeJudged(work.Key, work.Attempt, VerdictKind.Error, reason, durationMs) { WillRetry = retry });
        return retry && work.TakeRetry();
    }

    /// <summary>Before an isolated probe: revert a used VM to its clean snapshot, or replace it when it cannot be trusted.</summary>
    private async Task MakeCleanAsync(CancellationToken cancellationToken)
    {
        if (lease is not { Used: true } current)
        {
            return;
        }

        if (current.CanRevert && current.Vm is IRevertibleVm revertible)
        {
            try
            {
                recorder.Progress.Status(current.Key, "reverting to the clean snapshot");
                await revertible.RevertAsync(RunOptions.CleanSnapshot, cancellationToken);
                current.Guest = await current.Vm.UntilSshAcceptsAsync(options.BootDeadline, cancellationToken);
                current.Used = current.Spoiled = false;
                return;
            }
            catch (Exception ex) when (InfrastructureFailure.Is(ex) && !cancellationToken.IsCancellationRequested)
            {
                recorder.Progress.Status(current.Key, $"revert failed ({InfrastructureFailure.Describe(ex)}); booting a fresh VM");
            }
        }
        else if (!current.Spoiled)
        {
            return; // Only shared probes ran on it: the group VM takes the first isolated probe, as the plan intends.
        }

        await ReleaseAsync();
    }

    private async Task ReleaseAsync()
    {
        if (lease is not { } current)
        {
            return;
        }

        lease = null;
        recorder.Progress.Status(current.Key, "destroying");
        try
        {
            await current.Vm.DisposeAsync().AsTask().WaitAsync(DestroyGrace, recorder.Time);
            recorder.Record(new VmDestroyed(current.Key, current.Vm.Name));
        }
        catch (Exception ex)
        {
            recorder.Progress.Status(current.Key,
                $"could not destroy {current.Vm.Name} ({ex.Message}); 'hvcert reap --run {options.RunId}' removes it");
        }
    }
}
