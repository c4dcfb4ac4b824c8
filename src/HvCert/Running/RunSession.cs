using HvCert.Evidence;
using HvCert.Hosts;
using HvCert.Planning;
using HvCert.Probes;

namespace HvCert.Running;

/// <summary>What a run left behind: its directory and how it ended.</summary>
internal sealed record RunOutcome(RunDirectory Directory, RunStatus Status, string Summary);

/// <summary>Everything a run needs besides the plan; the CLI builds it, tests build it from fakes.</summary>
internal sealed record RunEnvironment(IHostBackend Backend, IProbeCatalog Probes, Func<int, IRunProgress> Progress, TimeProvider Time,
    int? Slots, TimeSpan BootDeadline);

/// <summary>
/// One run from start to its last event: creates or reopens the run directory, records the run and host facts, runs
/// the plan, and always closes the evidence with RunFinished and reaps what carries the run id, also on Ctrl-C.
/// </summary>
internal static class RunSession
{
    private static readonly TimeSpan ReapGrace = TimeSpan.FromSeconds(60);

    /// <summary>A new run of a validated plan under <paramref name="outputRoot"/>/&lt;run-id&gt;.</summary>
    /// <param name="shard">"k/n" when the plan is one shard, recorded so a resume re-plans the same part.</param>
    /// <param name="target">The --target the plan was limited to, recorded for the same reason.</param>
    public static async Task<RunOutcome> StartAsync(Plan plan, string? shard, string? target, string suiteFile, string matrixFile, string outputRoot,
        RunEnvironment env, CancellationToken cancellationToken)
    {
        var directory = RunDirectory.Create(outputRoot, RunDirectory.NewRunId(env.Time));
        directory.CopyInputs(suiteFile, matrixFile);
        using var writer = EvidenceWriter.Create(directory.Evidence);
        var recorder = new RunRecorder(writer, env.Progress(plan.AllCells.Count()), env.Time, directory);
        recorder.Record(new RunStarted(directory.RunId, RunDirectory.HvCertVersion, plan.Suite, plan.Matrix, plan.Backend, plan.AllCells.Count())
        {
            Shard = shard,
            Target = target,
        });
        return await ExecuteAsync(plan, directory, recorder, new Dictionary<CellKey, CellOutcome>(), env, cancellationToken);
    }

    /// <summary>Continues a killed run in place: finished cells are kept, the rest run, new events are appended.</summary>
    public static async Task<RunOutcome> ResumeAsync(Plan plan, RunDirectory directory, EvidenceLog log, RunEnvironment env,
        CancellationToken cancellationToken)
    {
        var prior = CellOutcomes.From(log.Events);
        var remaining = Runner.Remaining(plan, prior);
        using var writer = EvidenceWriter.Append(directory.Evidence, reopenFinished: true);
        var kept = log.Events.Count > 0 && log.Events[^1] is RunFinished ? log.Events.Take(log.Events.Count - 1) : log.Events;
        var recorder = new RunRecorder(writer, env.Progress(plan.AllCells.Count()), env.Time, directory, kept);
        await ReapAsync(env.Backend, directory.RunId, recorder); // VMs the killed process left behind
        recorder.Record(new RunResumed(directory.RunId, remaining));
        return await ExecuteAsync(plan, directory, recorder, prior, env, cancellationToken);
    }

    private static async Task<RunOutcome> ExecuteAsync(Plan plan, RunDirectory directory, RunRecorder recorder,
        IReadOnlyDictionary<CellKey, CellOutcome> prior, RunEnvironment env, CancellationToken cancellationToken)
    {
        var started = env.Time.GetTimestamp();
        var cancelled = false;
        try
        {
            await RecordHostAsync(env.Backend, directory, recorder, cancellationToken);
            var slots = env.Slots ?? SlotPolicy.ForThisMachine(plan.Groups.Count);
            var options = new RunOptions(directory.RunId, slots, env.BootDeadline);
            await new Runner(env.Backend, env.Probes, recorder, options).RunAsync(plan, prior, cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            cancelled = true;
        }
        finally
        {
            await ReapAsync(env.Backend, directory.RunId, recorder);
        }

        var events = recorder.Snapshot();
        var status = RunStatusPolicy.From(events, cancelled);
        recorder.Record(new RunFinished(directory.RunId, (int)status, env.Time.GetElapsedTime(started).TotalSeconds));
        return new RunOutcome(directory, status, RunStatusPolicy.Summary(events));
    }

    private static async Task RecordHostAsync(IHostBackend backend, RunDirectory directory, RunRecorder recorder, CancellationToken cancellationToken)
    {
        HostFacts facts;
        try
        {
            facts = await backend.DescribeHostAsync(cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // Not knowing the host's version does not invalidate observations; say so instead of guessing.
            facts = new HostFacts(backend.Kind, "unknown", "unknown", "unknown", new Dictionary<string, string> { ["error"] = ex.Message });
        }

        directory.WriteHostFacts(facts);
        recorder.Record(new HostFactsRecorded(facts));
    }

    private static async Task ReapAsync(IHostBackend backend, string runId, RunRecorder recorder)
    {
        try
        {
            await backend.ReapAsync(runId, CancellationToken.None).WaitAsync(ReapGrace);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            recorder.Progress.Status("cleanup", $"reaping run {runId} did not finish ({ex.Message}); run 'hvcert reap' to remove leftovers");
        }
    }
}
