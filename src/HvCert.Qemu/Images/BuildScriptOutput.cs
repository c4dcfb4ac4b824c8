namespace HvCert.Qemu.Images;

/// <summary>
/// Reads the line protocol of build-image.sh: <c>##STEP name</c>, <c>##META key=value</c>, <c>##ERROR message</c>;
/// every other line is plain log output. A tail of the log is kept for error messages.
/// </summary>
internal sealed class BuildScriptOutput
{
    /// <summary>The steps build-image.sh announces, in order (the last, "done", marks success).</summary>
    public static IReadOnlyList<string> Steps { get; } =
        ["debootstrap", "signed-boot-chain", "configure", "filesystems", "disk", "bios-grub", "qcow2"];

    private const int TailLines = 40;
    private readonly Queue<string> tail = new();

    public string? CurrentStep { get; private set; }

    public bool Done { get; private set; }

    public Dictionary<string, string> Meta { get; } = new(StringComparer.Ordinal);

    public List<string> Errors { get; } = [];

    public IReadOnlyCollection<string> Tail => tail;

    /// <summary>Consumes one line; returns the new step name when the line starts a step.</summary>
    public string? Accept(string line)
    {
        if (line.StartsWith("##STEP ", StringComparison.Ordinal))
        {
            var step = line[7..].Trim();
            if (step == "done")
            {
                Done = true;
                return null;
            }

            CurrentStep = step;
            return step;
        }

        if (line.StartsWith("##META ", StringComparison.Ordinal))
        {
            var pair = line[7..];
            var eq = pair.IndexOf('=', StringComparison.Ordinal);
            if (eq > 0)
            {
                Meta[pair[..eq].Trim()] = pair[(eq + 1)..].Trim();
            }

            return null;
        }

        if (line.StartsWith("##ERROR ", StringComparison.Ordinal))
        {
            Errors.Add(line[8..].Trim());
        }

        tail.Enqueue(line);
        while (tail.Count > TailLines)
        {
            tail.Dequeue();
        }

        return null;
    }

    /// <summary>Package versions reported as <c>pkg.NAME=VERSION</c>.</summary>
    public IReadOnlyDictionary<string, string> PackageVersions() => Meta
        .Where(kv => kv.Key.StartsWith("pkg.", StringComparison.Ordinal))
        .ToDictionary(kv => kv.Key[4..], kv => kv.Value, StringComparer.Ordinal);
}
