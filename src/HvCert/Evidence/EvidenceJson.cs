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
        Converters = { new JsonStringEnumConverter(allowIntegerValues: false) },
        AllowOutOfOrderMetadataProperties = true,
    };

    /// <summary>
    /// Reading is stricter than writing: a null where the contract says "never null", or a missing constructor field, makes
    /// the line damaged (named by the reader) instead of a NullReferenceException in a renderer later.
    /// </summary>
    public static readonly JsonSerializerOptions Read = new(Line)
    {
        RespectNullableAnnotations = true,
        RespectRequiredConstructorParameters = true,
    };

    /// <summary>The same contract, indented, for host-facts.json and guest-facts.json.</summary>
    public static readonly JsonSerializerOptions Indented = new(Line) { WriteIndented = true };
}
