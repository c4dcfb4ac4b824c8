namespace HvCert.Qemu.Lab;

/// <summary>What a reap did, one line per removed thing (for the CLI).</summary>
internal sealed record ReapResult(int Removed, IReadOnlyList<string> Lines);

/// <summary>
/// Removes what dead runs left behind: QEMU processes started with a pidfile under the run root, the run's network
/// namespace and its folder. A run is dead when the process recorded in its <c>owner.pid</c> (pid and kernel start
/// time) is gone; live runs are never touched.
/// </summary>
internal sealed class QemuReaper(string runRoot, string procRoot = "/proc", string netnsRoot = "/run/netns")
{
    public ReapResult Reap(string? onlyRunId, IReadOnlySet<string> runsOwnedHere)
    {
        var lines = new List<string>();
        var qemus = QemuProcessesByRun();
        var runs = (Directory.Exists(runRoot) ? Directory.EnumerateDirectories(runRoot).Select(Path.GetFileName).OfType<string>() : [])
            .Concat(qemus.Keys).Distinct().Where(r => onlyRunId is null || r == onlyRunId).ToList();
        var removed = 0;
        foreach (var run in runs)
        {
            var owner = runsOwnedHere.Contains(run) ? Environment.ProcessId : OwnerAlive(run);
            if (owner is not null)
            {
                lines.Add($"run {run}: still running (owner pid {owner}), left alone");
                continue;
            }

            foreach (var pid in qemus.GetValueOrDefault(run, []))
            {
                RunResources.KillQuietly(pid);
                lines.Add($"run {run}: killed QEMU pid {pid}");
                removed++;
            }

            foreach (var ns in RunNamespaces(run))
            {
                RunResources.RunQuietly("ip", "netns", "del", ns);
                lines.Add($"run {run}: removed network namespace {ns}");
                removed++;
            }

            var dir = Path.Combine(runRoot, run);
            if (Directory.Exists(dir))
            {
                Directory.Delete(dir, recursive: true);
                lines.Add($"run {run}: removed {dir}");
                removed++;
            }
        }

        return new ReapResult(removed, lines);
    }

    /// <summary>The run's namespaces: one per VM (<c>hvcert-RUN-nK</c>), and the single <c>hvcert-RUN</c> of older versions.</summary>
    internal IEnumerable<string> RunNamespaces(string run) =>
        Directory.Exists(netnsRoot)
            ? Directory.EnumerateFiles(netnsRoot).Select(Path.GetFileName).OfType<string>()
                .Where(n => n == $"hvcert-{run}" || n.StartsWith(Network.PeerNetwork.RunNamespacePrefix(run), StringComparison.Ordinal)).Order(StringComparer.Ordinal).ToList()
            : [];

    private int? OwnerAlive(string run)
    {
        var ownerFile = Path.Combine(runRoot, run, RunResources.OwnerFile);
        if (!File.Exists(ownerFile))
        {
            return null;
        }

        var parts = File.ReadAllText(ownerFile).Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length < 1 || !int.TryParse(parts[0], out var pid) || !Directory.Exists(Path.Combine(procRoot, pid.ToString())))
        {
            return null;
        }

        return parts.Length < 2 || RunResources.ProcessStartTicks(pid) == parts[1] ? pid : null;
    }

    /// <summary>QEMU processes whose <c>-pidfile</c> lies under the run root, grouped by run id.</summary>
    private Dictionary<string, List<int>> QemuProcessesByRun()
    {
        var found = new Dictionary<string, List<int>>();
        if (!Directory.Exists(procRoot))
        {
            return found;
        }

        var prefix = runRoot.TrimEnd('/') + "/";
        foreach (var dir in Directory.EnumerateDirectories(procRoot))
        {
            if (!int.TryParse(Path.GetFileName(dir), out var pid))
            {
                continue;
            }

            string[] args;
            try
            {
                args = File.ReadAllText(Path.Combine(dir, "cmdline")).Split('\0');
            }
            catch (IOException)
            {
                continue;
            }
            catch (UnauthorizedAccessException)
            {
                continue;
            }

            var at = Array.IndexOf(args, "-pidfile");
            if (!args[0].Contains("qemu-system", StringComparison.Ordinal) || at < 0 || at + 1 >= args.Length || !args[at + 1].StartsWith(prefix, StringComparison.Ordinal))
            {
                continue;
            }

            var run = args[at + 1][prefix.Length..].Split('/')[0];
            (found.TryGetValue(run, out var list) ? list : found[run] = []).Add(pid);
        }

        return found;
    }
}
