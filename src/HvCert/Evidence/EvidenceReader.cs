using System.Text;
using System.Text.Json;
using HvCert.Validation;

namespace HvCert.Evidence;

/// <summary>
/// One problem found while reading evidence.jsonl: where (1-based line and column), what, and whether an event was lost
/// (a notice such as CR-only line ends loses nothing).
/// </summary>
public sealed record EvidenceDamage(string File, int Line, int Column, string Problem, bool EventLost = true)
{
    public override string ToString() => $"{File}:{Line}:{Column}: {Problem}";
}

/// <summary>The events of one evidence file and every damaged line that was skipped (named, never silently lost).</summary>
internal sealed record EvidenceLog(string Path, IReadOnlyList<EvidenceEvent> Events, IReadOnlyList<EvidenceDamage> Damage, int TailLine = 0)
{
    /// <summary>The last line was unfinished or unreadable, as a crash mid-write leaves (a resume cuts it off).</summary>
    public bool TornTailDropped => Damage.Any(d => d.EventLost && d.Line == TailLine);

    public bool LostEvents => Damage.Any(d => d.EventLost);

    /// <summary>Appending to a file damaged anywhere but its last line would bury the damage; resume refuses it.</summary>
    public void ThrowIfDamagedBeforeTail()
    {
        if (Damage.FirstOrDefault(d => d.EventLost && d.Line != TailLine) is { } d)
        {
            throw new EvidenceFormatException($"{d}. Evidence is append-only; restore the file or start a new run.");
        }
    }
}

/// <summary>The evidence cannot be read at all (missing, empty, too large), or a resume met damage before the last line.</summary>
internal sealed class EvidenceFormatException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>
/// Reads evidence.jsonl. A line that is not a complete, well-typed event (torn by a crash, cut, edited, or holding a
/// null or out-of-range value) is skipped and named in <see cref="EvidenceLog.Damage"/> with file:line:column; every
/// other event is kept. A missing, empty or over-sized file is an <see cref="EvidenceFormatException"/>.
/// </summary>
internal static class EvidenceReader
{
    public static EvidenceLog Read(string path)
    {
        if (!File.Exists(path))
        {
            throw new EvidenceFormatException($"{path}: no such evidence file. Pass a run directory made by 'hvcert run'.");
        }

        var length = new FileInfo(path).Length;
        if (length > InputLimits.MaxEvidenceBytes)
        {
            throw new EvidenceFormatException($"{path}:1:1: the evidence file is {InputLimits.Megabytes(length)}, over the cap of "
                + $"{InputLimits.Megabytes(InputLimits.MaxEvidenceBytes)}. Set HVCERT_MAX_EVIDENCE_MB to read it anyway.");
        }

        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        using var reader = new StreamReader(stream, new UTF8Encoding(false, throwOnInvalidBytes: false));
        return Parse(path, reader.ReadToEnd());
    }

    public static EvidenceLog Parse(string path, string text)
    {
        if (text.Trim().Length == 0)
        {
            throw new EvidenceFormatException($"{path}:1:1: the evidence file is empty (0 events): the run never started writing, or the file was emptied. Nothing to report.");
        }

        var damage = new List<EvidenceDamage>();
        if (!text.Contains('\n', StringComparison.Ordinal) && text.Contains('\r', StringComparison.Ordinal))
        {
            damage.Add(new EvidenceDamage(path, 1, 1, "the file's line ends are CR only (it was converted by a text tool); read CR as a line break.", EventLost: false));
        }

        // JSON escapes CR and LF inside strings, so a raw CR can only be a line end.
        var lines = text.Split(text.Contains('\n', StringComparison.Ordinal) ? "\n" : "\r");
        var events = new List<EvidenceEvent>(lines.Length);
        var lastContent = Array.FindLastIndex(lines, l => l.Trim().Length > 0);
        for (var i = 0; i <= lastContent; i++)
        {
            var line = lines[i].TrimEnd('\r');
            if (line.Trim().Length == 0)
            {
                continue;
            }

            try
            {
                var e = JsonSerializer.Deserialize<EvidenceEvent>(line, EvidenceJson.Read) ?? throw new JsonException("the line is JSON null");
                if (EvidenceChecks.Problem(e) is { } problem)
                {
                    damage.Add(new EvidenceDamage(path, i + 1, 1, $"unreadable event ({problem}); skipped."));
                    continue;
                }

                events.Add(e);
            }
            catch (Exception ex) when (ex is JsonException or NotSupportedException or InvalidOperationException or ArgumentException or FormatException or OverflowException)
            {
                var column = ex is JsonException { BytePositionInLine: { } b } ? (int)Math.Min(b + 1, int.MaxValue) : 1;
                var why = i == lastContent && !text.EndsWith('\n') && !text.EndsWith('\r')
                    ? "the last line is cut off (the run was killed mid-write or the file was truncated)"
                    : $"damaged line ({TextEscaping(ex.Message)})";
                damage.Add(new EvidenceDamage(path, i + 1, column, why + "; the event on it is lost."));
            }
        }

        if (events.Count > 0 && events[0] is not RunStarted)
        {
            damage.Add(new EvidenceDamage(path, 1, 1, "the evidence does not begin with run_started: the start of the file is missing (cut or overwritten).", EventLost: true));
        }

        if (events.Count > 0 && !events.OfType<RunFinished>().Any())
        {
            damage.Add(new EvidenceDamage(path, lastContent + 1, 1,
                "the evidence ends without run_finished: the run is still going, was killed, or the file was cut after this line.", EventLost: false));
        }

        return new EvidenceLog(path, events, damage, lastContent + 1);
    }

    private static string TextEscaping(string message)
    {
        var oneLine = message.ReplaceLineEndings(" ");
        return HvCert.Reporting.TextEscaping.Visible(oneLine.Length <= 200 ? oneLine : oneLine[..200] + "…");
    }
}
