using HvCert.Evidence;
using HvCert.Hosts;
using HvCert.Planning;
using HvCert.Probes;

namespace HvCert.Running;

/// <summary>
/// Executes a <see cref="Plan"/>: records preset cells without a VM, skips cells that have no probe for the guest OS,
/// and runs the VM groups in parallel up to the slot count. Cells already finished in <paramref name="prior"/> (a
/// resumed run) are not run again; their attempts continue numbering where the killed run stopped.
/// </summary>
internal sealed class Runner(IHostBackend backend, IProbeCatalog probes, RunRecorder recorder, RunOptions options)
{
    public async Task RunAsync(Plan plan, IReadOnlyDictionary<CellKey, CellOutcome> prior, CancellationToken cancellationToken)
    {
        foreach (var cell in plan.Preset.Where(c => !IsFinished(prior, c.Key)))
        {
            var verdict = cell.Preset ?? Verdict.Error("the planner gave this cell no verdict and no VM group");
            recorder.Record(new ProbeJudged(cell.Key, Start(prior, cell.Key).Attempt, verdict.Kind, verdict.Reason, 0));
        }

        var groups = plan.Groups.Select(g => Prepare(g, prior)).Where(g => g.CellCount > 0).ToList();
        using var slots = new SemaphoreSlim(Math.Max(1, options.Slots));
        await Task.WhenAll(groups.Select(async group =>
        {
            await slots.WaitAsync(cancellationToken);
            try
            {
                await group.RunAsync(cancellationToken);
            }
            finally
            {
                slots.Release();
            }
        }));
    }

    /// <summary>How many cells of the plan are still to judge given the prior evidence.</summary>
    public static int Remaining(Plan plan, IReadOnlyDictionary<CellKey, CellOutcome> prior) =>
        plan.AllCells.Count(c => !IsFinished(prior, c.Key));

    private VmGroupRunner Prepare(VmGroup group, IReadOnlyDictionary<CellKey, CellOutcome> prior)
    {
        var shared = new List<CellWork>();
        var isolated = new List<CellWork>();
        foreach (var (cell, plannedIsolated) in group.Shared.Select(c => (c, false)).Concat(group.Isolated.Select(c => (c, true))))
        {
            if (IsFinished(prior, cell.Key))
            {
                continue;
            }

            var start = Start(prior, cell.Key);
            if (cell.Preset is { } preset)
            {
                recorder.Record(new ProbeJudged(cell.Key, start.Attempt, preset.Kind, preset.Reason, 0));
                continue;
            }

            if (probes.Find(cell.Feature.Id, group.Target.Os) is not { } probe)
            {
                recorder.Record(new ProbeJudged(cell.Key, start.Attempt, VerdictKind.Skipped,
                    $"no probe for {group.Target.Os.ToString().ToLowerInvariant()}", 0));
                continue;
            }

            // The probe knows best whether it spoils its VM; trust it over the plan when they disagree.
            var work = new CellWork(cell, probe, start.Attempt, start.Retries);
            (plannedIsolated || probe.Isolation == Isolation.OwnVm ? isolated : shared).Add(work);
        }

        // Probes that isolate themselves (CPU hot-add) join the planned ones: keep migration first and shutdown last.
        return new VmGroupRunner(backend, recorder, options, group, shared, [.. isolated.OrderBy(w => w.Cell.Feature.IsolatedOrder)]);
    }

    private static bool IsFinished(IReadOnlyDictionary<CellKey, CellOutcome> prior, CellKey key) =>
        prior.TryGetValue(key, out var outcome) && outcome.Finished;

    private static (int Attempt, int Retries) Start(IReadOnlyDictionary<CellKey, CellOutcome> prior, CellKey key) =>
        prior.TryGetValue(key, out var outcome) ? (outcome.NextAttempt, outcome.HadRetriedError ? 0 : 1) : (1, 1);
}
