namespace HvCert.Qemu.Images;

/// <summary>A process's descendants from /proc (parent pid, field 4 of /proc/PID/stat), children before grandchildren.</summary>
internal static class ProcessTree
{
    public static IReadOnlyList<int> Descendants(int root) => Descendants(root, ReadParents());

    internal static IReadOnlyList<int> Descendants(int root, IReadOnlyDictionary<int, int> parentOf)
    {
        var children = parentOf.ToLookup(kv => kv.Value, kv => kv.Key);
        var result = new List<int>();
        var queue = new Queue<int>([root]);
        while (queue.Count > 0)
        {
            foreach (var child in children[queue.Dequeue()].Order())
            {
                if (child != root && !result.Contains(child))
                {
                    result.Add(child);
                    queue.Enqueue(child);
                }
            }
        }

        return result;
    }

    /// <summary>The parent pid in a /proc/PID/stat line; the command name (field 2) may hold spaces and parentheses.</summary>
    internal static int? ParentPid(string stat)
    {
        var close = stat.LastIndexOf(')');
        var fields = close < 0 ? [] : stat[(close + 1)..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return fields.Length > 1 && int.TryParse(fields[1], out var ppid) ? ppid : null;
    }

    private static Dictionary<int, int> ReadParents()
    {
        var parents = new Dictionary<int, int>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out var pid))
            {
                continue;
            }

            try
            {
                if (ParentPid(File.ReadAllText(Path.Combine(dir, "stat"))) is { } ppid)
                {
                    parents[pid] = ppid;
                }
            }
            catch (IOException)
            {
                // Exited while we looked.
            }
            catch (UnauthorizedAccessException)
            {
            }
        }

        return parents;
    }
}
