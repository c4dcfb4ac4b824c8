using System.Text.Json;
using System.Text.Json.Serialization;
using HvCert.Evidence;

namespace HvCert.Reporting;

/// <summary>
/// Reads evidence.jsonl for the reports. Lenient about property case and enum form (names or numbers) so it reads
/// whatever the runner's writer emits; strict about malformed lines, which it reports as file:line.
/// </summary>
public static class EvidenceLog
{
    public const string FileName = "evidence.jsonl";

    public static JsonSerializerOptions Options { get; } = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        PropertyNameCaseInsensitive = true,
        Converters = { new JsonStringEnumConverter() },
    };

    public static IReadOnlyList<EvidenceEvent> Read(string path)
    {
        var events = new List<EvidenceEvent>();
        var lineNo = 0;
        foreach (var line in File.ReadLines(path))
        {
            lineNo++;
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            try
            {
                events.Add(JsonSerializer.Deserialize<EvidenceEvent>(line, Options)
                    ?? throw new JsonException("the line is the JSON literal null"));
            }
            catch (JsonException ex)
            {
                // A run killed mid-write leaves a torn last line: that is expected and loses only that event.
                if (IsTornTail(path, lineNo))
                {
                    break;
                }

                throw new ReportInputException(path, lineNo, (int)(ex.BytePositionInLine ?? 0) + 1,
                    $"not a valid evidence event ({ex.Message.Split('\n')[0]}). Fix or remove the line, then run 'hvcert report' again.");
            }
        }

        return events;
    }

    public static string Serialize(EvidenceEvent e) => JsonSerializer.Serialize(e, Options);

    /// <summary>True for a last line without its newline: the writer was killed mid-append.</summary>
    private static bool IsTornTail(string path, int lineNo)
    {
        if (File.ReadLines(path).Skip(lineNo).Any(l => !string.IsNullOrWhiteSpace(l)))
        {
            return false;
        }

        using var stream = File.OpenRead(path);
        stream.Seek(-1, SeekOrigin.End);
        return stream.ReadByte() != '\n';
    }
}

/// <summary>Bad input to a report, baseline or diff: names the place and what to do. The CLI maps it to exit code 2.</summary>
public sealed class ReportInputException(string file, int line, int column, string problem)
    : Exception($"{file}:{line}:{column}: {problem}")
{
    public string File { get; } = file;
    public int Line { get; } = line;
    public int Column { get; } = column;
}
