using HvCert.Catalog;
using HvCert.Evidence;
using HvCert.Hosts;
using HvCert.Planning;
using HvCert.Probes;

namespace HvCert.Reporting;

/// <summary>
/// Folds an evidence stream into <see cref="RunResults"/> in one pass (dictionaries keyed by cell and attempt, so a
/// 10,000-cell run stays linear). Tolerates a killed run: started-but-unjudged attempts become Error.
/// </summary>
public static class RunResultsBuilder
{
    public static RunResults Build(IEnumerable<EvidenceEvent> events)
    {
        RunStarted? started = null;
        RunFinished? finished = null;
        DateTimeOffset? startedAt = null, finishedAt = null;
        var vms = new Dictionary<string, VmRecord>(StringComparer.Ordinal);
        var osByTarget = new Dictionary<string, OsFamily>(StringComparer.Ordinal);
        HostFacts? hostFacts = null;
        var guests = new List<GuestFactsRecorded>();
        var cells = new Dictionary<CellKey, SortedDictionary<int, AttemptDraft>>();

        AttemptDraft Draft(CellKey key, int attempt)
        {
            if (!cells.TryGetValue(key, out var attempts))
            {
                cells[key] = attempts = [];
            }

            if (!attempts.TryGetValue(attempt, out var draft))
            {
                attempts[attempt] = draft = new AttemptDraft(attempt);
            }

            return draft;
        }

        foreach (var e in events)
        {
            switch (e)
            {
                case RunStarted s: started = s; startedAt = s.At; break;
                case RunFinished f: finished = f; finishedAt = f.At; break;
                case VmProvisioned v:
                    vms[v.VmKey] = new VmRecord(v.VmKey, v.VmName, v.Target, v.Generation, v.SecureBoot, v.Faults,
                        v.OfferedDevices, v.Settings, v.BootSeconds, v.At, null) { RanOn = v.RanOn, HostColumn = v.Host };
                    if (v.Os != OsFamily.Linux)
                    {
                        osByTarget[v.Target] = v.Os; // Linux is also the default of events written before Os existed.
                    }

                    break;
                case VmProvisionFailed f:
                    vms[f.VmKey] = new VmRecord(f.VmKey, f.VmName, f.Target, f.Generation, false, [], [],
                        new Dictionary<string, string>(), 0, f.At, null, f.Error, f.SerialLogTail);
                    break;
                case HostFactsRecorded h: hostFacts = h.Facts; break;
                case GuestFactsRecorded g: guests.Add(g); break;
                case VmDestroyed d when vms.TryGetValue(d.VmKey, out var vm): vms[d.VmKey] = vm with { DestroyedAt = d.At }; break;
                case ProbeStarted p: var ps = Draft(p.Cell, p.Attempt); ps.VmKey = p.VmKey; ps.StartedAt = p.At; ps.Parameters = p.Parameters; break;
                case CommandRan c: Draft(c.Cell, c.Attempt).Commands.Add(c); break;
                case HostActionDone h: Draft(h.Cell, h.Attempt).HostActions.Add(h); break;
                case ProbeJudged j: Draft(j.Cell, j.Attempt).Judged = j; break;
            }
        }

        var results = cells.Select(kv => ToCell(kv.Key, kv.Value.Values)).ToList();
        var featureOrder = FeatureCatalog.All.Select((f, i) => (f.Id, i)).ToDictionary(x => x.Id, x => x.i, StringComparer.Ordinal);
        results.Sort((a, b) => CompareCells(a.Key, b.Key, featureOrder));

        var targets = results.Select(c => c.Key.Target).Concat(vms.Values.Select(v => v.Target)).Distinct(StringComparer.Ordinal)
            .Select(id => TargetNames.Parse(id) is var t && osByTarget.TryGetValue(id, out var os) ? t with { Os = os } : t)
            .OrderBy(t => t.Family, StringComparer.Ordinal).ThenBy(t => t.Release, Comparer<string>.Create(TargetNames.CompareReleasesDescending))
            .ToList();
        var run = new RunInfo(
            started?.RunId ?? finished?.RunId ?? "unknown", started?.HvCertVersion ?? "unknown", started?.Suite ?? "",
            started?.Matrix ?? "", started?.Backend ?? BackendKind.Qemu, started?.Cells ?? results.Count,
            startedAt, finishedAt, finished?.ExitCode, finished?.WallSeconds);
        return new RunResults(
            run,
            targets,
            results.Select(c => c.Key.Generation).Distinct().Order().ToList(),
            results.Select(c => c.Key.Host).Distinct(StringComparer.Ordinal).OrderByDescending(h => h, StringComparer.Ordinal).ToList(),
            vms.Values.OrderBy(v => v.ProvisionedAt).ThenBy(v => v.VmKey, StringComparer.Ordinal).ToList(),
            results,
            hostFacts,
            guests);
    }

    public static string AnchorOf(CellKey key)
    {
        var raw = $"cell-{key.Target}-{key.Generation}-{key.Host}-{key.FeatureId}".ToLowerInvariant();
        return new string(raw.Select(ch => char.IsAsciiLetterOrDigit(ch) ? ch : '-').ToArray());
    }

    private static CellResult ToCell(CellKey key, IEnumerable<AttemptDraft> drafts)
    {
        var attempts = drafts.Select(d => d.ToAttempt()).ToList();
        var last = attempts[^1];
        var (verdict, reason) = last.Verdict is { } v
            ? (v, last.Reason ?? "")
            : (VerdictKind.Error, "The probe started but was never judged: the run stopped before this attempt finished.");
        FeatureCatalog.TryGet(key.FeatureId, out var feature);
        return new CellResult(key, feature, verdict, reason, attempts, AnchorOf(key));
    }

    private static int CompareCells(CellKey a, CellKey b, Dictionary<string, int> featureOrder)
    {
        var c = string.CompareOrdinal(a.Target, b.Target);
        if (c == 0) c = a.Generation.CompareTo(b.Generation);
        if (c == 0) c = string.CompareOrdinal(a.Host, b.Host);
        if (c == 0) c = featureOrder.GetValueOrDefault(a.FeatureId, int.MaxValue).CompareTo(featureOrder.GetValueOrDefault(b.FeatureId, int.MaxValue));
        return c == 0 ? string.CompareOrdinal(a.FeatureId, b.FeatureId) : c;
    }

    private sealed class AttemptDraft(int attempt)
    {
        public string? VmKey { get; set; }
        public DateTimeOffset? StartedAt { get; set; }
        public IReadOnlyDictionary<string, string>? Parameters { get; set; }
        public ProbeJudged? Judged { get; set; }
        public List<CommandRan> Commands { get; } = [];
        public List<HostActionDone> HostActions { get; } = [];

        public AttemptResult ToAttempt() => new(attempt, VmKey, StartedAt, Judged?.At, Judged?.Verdict, Judged?.Reason,
            Judged?.DurationMs ?? 0, Commands, HostActions, Parameters);
    }
}
