using System.Text.Json;
using System.Text.Json.Serialization;

namespace HvCert.Evidence;

/// <summary>The one serializer setup for evidence.jsonl and the facts files, shared by writer, reader and renderers.</summary>
internal static class EvidenceJson
{
    /// <summary>One event per line: camelCase names, enums as strings, the <c>type</c> discriminator first.</summary>
    public static readonly JsonSerializerOptions Line = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        Converters = { new JsonStringEnumConverter() },
        AllowOutOfOrderMetadataProperties = true,
    };

    /// <summary>The same contract, indented, for host-facts.json and guest-facts.json.</summary>
    public static readonly JsonSerializerOptions Indented = new(Line) { WriteIndented = true };
}
