using System.Text.Json;

namespace HvCert.Evidence;

/// <summary>
/// Appends events to evidence.jsonl as they happen: one JSON object per line, flushed to the OS after every event
/// (a crash of hvcert loses nothing) and to the disk after the events a resume relies on (a power cut loses at most
/// the commands of the probe that was running). Safe to call from parallel VM slots.
/// </summary>
internal sealed class EvidenceWriter : IDisposable
{
    private readonly FileStream stream;
    private readonly Lock gate = new();
    private bool disposed;

    private EvidenceWriter(FileStream stream) => this.stream = stream;

    public string Path => stream.Name;

    /// <summary>Starts a new evidence file; fails if one exists (a run never overwrites evidence).</summary>
    public static EvidenceWriter Create(string path) =>
        new(new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.Read));

    /// <summary>Continues an existing file (resume, merge). A torn last line left by a crash is cut off first.</summary>
    /// <param name="reopenFinished">
    /// For a resume: a closing run_finished (the run was cancelled, then resumed) is cut off too, so the run ends with
    /// exactly one run_finished, written when the resumed run ends.
    /// </param>
    public static EvidenceWriter Append(string path, bool reopenFinished = false)
    {
        var stream = new FileStream(path, FileMode.Open, FileAccess.ReadWrite, FileShare.Read);
        stream.SetLength(CompleteLength(stream));
        if (reopenFinished)
        {
            var end = stream.Length;
            var start = end > 0 ? CompleteLength(stream, end - 1) : 0;
            var lastLine = new byte[end - start];
            stream.Seek(start, SeekOrigin.Begin);
            stream.ReadExactly(lastLine);
            if (IsRunFinished(lastLine))
            {
                stream.SetLength(start);
            }
        }

        stream.Seek(0, SeekOrigin.End);
        return new EvidenceWriter(stream);
    }

    public void Write(EvidenceEvent evidence)
    {
        // Secrets a guest printed never reach the disk (Redaction); the count shows in the run summary.
        var line = JsonSerializer.SerializeToUtf8Bytes(EvidenceText.Map(evidence, Redaction.Redact), EvidenceJson.Line);
        lock (gate)
        {
            ObjectDisposedException.ThrowIf(disposed, this);
            stream.Write(line);
            stream.WriteByte((byte)'\n');
            stream.Flush(flushToDisk: IsMilestone(evidence));
        }
    }

    public void Dispose()
    {
        lock (gate)
        {
            if (disposed)
            {
                return;
            }

            disposed = true;
            stream.Flush(flushToDisk: true);
            stream.Dispose();
        }
    }

    /// <summary>Events that mark progress a resume depends on are forced to disk (fsync).</summary>
    private static bool IsMilestone(EvidenceEvent e) =>
        e is RunStarted or RunResumed or VmProvisioned or VmProvisionFailed or ProbeJudged or VmDestroyed or RunFinished;

    private static bool IsRunFinished(byte[] line)
    {
        try
        {
            return JsonSerializer.Deserialize<EvidenceEvent>(line, EvidenceJson.Line) is RunFinished;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    /// <summary>Length of the file up to and including its last newline (before <paramref name="before"/>, when given).</summary>
    private static long CompleteLength(FileStream stream, long? before = null)
    {
        var length = before ?? stream.Length;
        var buffer = new byte[4096];
        while (length > 0)
        {
            var chunk = (int)Math.Min(buffer.Length, length);
            stream.Seek(length - chunk, SeekOrigin.Begin);
            stream.ReadExactly(buffer, 0, chunk);
            var newline = Array.LastIndexOf(buffer, (byte)'\n', chunk - 1, chunk);
            if (newline >= 0)
            {
                return length - chunk + newline + 1;
            }

            length -= chunk;
        }

        return 0;
    }
}
