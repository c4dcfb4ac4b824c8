using System.Text;
using System.Text.Json;

namespace HvCert.Evidence;

/// <summary>The events of one evidence file, and whether a torn last line (a crash mid-write) was dropped.</summary>
internal sealed record EvidenceLog(string Path, IReadOnlyList<EvidenceEvent> Events, bool TornTailDropped);

/// <summary>A damaged evidence line that is not the last one: the file was edited or corrupted, not just cut short.</summary>
internal sealed class EvidenceFormatException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>
/// Reads evidence.jsonl. A process killed mid-write leaves at most one incomplete last line; that line is dropped
/// (the event it held is lost, nothing else). Damage anywhere else is reported with file:line:column.
/// </summary>
internal static class EvidenceReader
{
    public static EvidenceLog Read(string path)
    {
        if (!File.Exists(path))
        {
            throw new EvidenceFormatException($"{path}: no such evidence file. Pass a run directory made by 'hvcert run'.");
        }

        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return Parse(path, reader.ReadToEnd());
    }

    public static EvidenceLog Parse(string path, string text)
    {
        var lines = text.Split('\n');
        var events = new List<EvidenceEvent>(lines.Length);
        var lastContent = Array.FindLastIndex(lines, l => l.Trim().Length > 0);
        var torn = false;
        for (var i = 0; i <= lastContent; i++)
        {
            var line = lines[i].TrimEnd('\r');
            if (line.Trim().Length == 0)
            {
                continue;
            }

            try
            {
                events.Add(JsonSerializer.Deserialize<EvidenceEvent>(line, EvidenceJson.Line)
                    ?? throw new JsonException("the line is JSON null"));
            }
            catch (Exception ex) when (ex is JsonException or NotSupportedException)
            {
                if (i == lastContent)
                {
                    // The writer ends every complete event with a newline; only the final, unfinished line may be torn.
                    torn = true;
                    continue;
                }

                var column = ex is JsonException { BytePositionInLine: { } b } ? b + 1 : 1;
                throw new EvidenceFormatException(
                    $"{path}:{i + 1}:{column}: damaged evidence line ({ex.Message}). Evidence is append-only; restore the file or start a new run.", ex);
            }
        }

        return new EvidenceLog(path, events, torn);
    }
}
