using HvCert.Planning;

namespace HvCert.Evidence;

/// <summary>Parts that cannot make one run: different suites, matrices or backends, or one cell judged in two parts.</summary>
internal sealed class MergeConflictException(string message) : Exception(message);

/// <summary>
/// Makes one run directory from the run directories of shards: a new RunStarted naming its parts, then every part's
/// events in part order (their own run start/finish/resume markers dropped, VM keys prefixed with the part's run id so
/// VMs of different machines never mix), and a RunFinished. Inputs are only read; the output must not exist yet.
/// </summary>
internal static class EvidenceMerger
{
    /// <param name="damage">Receives every damaged line of every part (the merged file itself is clean, so this is where the loss is named).</param>
    public static RunDirectory Merge(
        IReadOnlyList<string> partDirs, string outputDir, TimeProvider time, Func<IEnumerable<EvidenceEvent>, int> exitCode,
        ICollection<EvidenceDamage>? damage = null)
    {
        var parts = partDirs.Select(d => (Dir: new RunDirectory(Path.GetFullPath(d)), Log: EvidenceReader.Read(new RunDirectory(d).Evidence))).ToList();
        foreach (var d in parts.SelectMany(p => p.Log.Damage))
        {
            damage?.Add(d);
        }

        var starts = parts.Select(p => p.Log.Events.OfType<RunStarted>().FirstOrDefault()
            ?? throw new MergeConflictException($"{p.Log.Path}: no run_started event; is this a run directory?")).ToList();
        Same(starts, s => s.Suite, "suite");
        Same(starts, s => s.Matrix, "matrix");
        Same(starts, s => s.Backend.ToString(), "backend");
        CheckDisjoint(parts.Select(p => (p.Log.Path, p.Log.Events)).ToList());

        if (Directory.Exists(outputDir) && Directory.EnumerateFileSystemEntries(outputDir).Any())
        {
            throw new IOException($"{outputDir} is not empty; merge writes a new run directory.");
        }

        Directory.CreateDirectory(outputDir);
        var merged = new RunDirectory(Path.GetFullPath(outputDir));
        var events = new List<EvidenceEvent>
        {
            new RunStarted(merged.RunId, RunDirectory.HvCertVersion, starts[0].Suite, starts[0].Matrix, starts[0].Backend, starts.Sum(s => s.Cells))
            {
                At = starts.Min(s => s.At),
                MergedFrom = starts.Select(s => s.RunId).ToList(),
            },
        };
        foreach (var (part, start) in parts.Zip(starts))
        {
            events.AddRange(part.Log.Events.Where(e => e is not (RunStarted or RunFinished or RunResumed)).Select(e => Prefix(e, start.RunId + "/")));
        }

        var wall = parts.Select(p => p.Log.Events.OfType<RunFinished>().LastOrDefault()?.WallSeconds ?? 0).DefaultIfEmpty(0).Max();
        events.Add(new RunFinished(merged.RunId, exitCode(events), wall) { At = time.GetUtcNow() });
        using (var writer = EvidenceWriter.Create(merged.Evidence))
        {
            events.ForEach(writer.Write);
        }

        CopyIfPresent(parts[0].Dir.Suite, merged.Suite);
        CopyIfPresent(parts[0].Dir.Matrix, merged.Matrix);
        File.WriteAllText(merged.Version, RunDirectory.HvCertVersion + "\n");
        if (events.OfType<HostFactsRecorded>().FirstOrDefault() is { } host)
        {
            merged.WriteHostFacts(host.Facts);
        }

        merged.WriteGuestFacts(events.OfType<GuestFactsRecorded>());
        return merged;
    }

    private static void Same(IReadOnlyList<RunStarted> starts, Func<RunStarted, string> value, string what)
    {
        if (starts.Select(value).Distinct().Count() > 1)
        {
            throw new MergeConflictException(
                $"the parts ran different {what}s ({string.Join(", ", starts.Select(s => $"{s.RunId}: {value(s)}"))}); merge only shards of one run.");
        }
    }

    private static void CheckDisjoint(IReadOnlyList<(string Path, IReadOnlyList<EvidenceEvent> Events)> parts)
    {
        var owner = new Dictionary<CellKey, string>();
        foreach (var (path, events) in parts)
        {
            foreach (var cell in events.OfType<ProbeJudged>().Select(j => j.Cell).Distinct())
            {
                if (!owner.TryAdd(cell, path))
                {
                    throw new MergeConflictException($"cell {cell} was judged in both {owner[cell]} and {path}; merge only disjoint shards (--shard k/n).");
                }
            }
        }
    }

    private static EvidenceEvent Prefix(EvidenceEvent e, string prefix) => e switch
    {
        VmProvisioned v => v with { VmKey = prefix + v.VmKey },
        VmProvisionFailed f => f with { VmKey = prefix + f.VmKey },
        VmDestroyed d => d with { VmKey = prefix + d.VmKey },
        ProbeStarted p => p with { VmKey = prefix + p.VmKey },
        GuestFactsRecorded g => g with { VmKey = prefix + g.VmKey },
        _ => e,
    };

    private static void CopyIfPresent(string from, string to)
    {
        if (File.Exists(from))
        {
            File.Copy(from, to);
        }
    }
}
