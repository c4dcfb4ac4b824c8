using System.Text.Json;
using System.Text.Json.Nodes;

namespace HvCert.IntegrationTests.HyperV.Ssh;

/// <summary>
/// Get-CimClass for the CimForward module: method parameters and their CIM types from Microsoft's Hyper-V v2 reference
/// (Samples/hyperv-schema, extracted from MicrosoftDocs/win32), including methods inherited from superclasses.
/// </summary>
internal static class SchemaMethods
{
    private static readonly JsonDocument Schema = JsonDocument.Parse(File.ReadAllText(
        Path.Combine(AppContext.BaseDirectory, "Samples", "hyperv-schema", "hyperv-v2-schema.trimmed.json")));

    public static JsonArray Of(string @namespace, string className)
    {
        var chain = new List<string>();
        for (var c = className; c is not null; c = Superclass(c))
        {
            chain.Add(c);
        }

        var result = new JsonArray();
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var cls in chain)
        {
            foreach (var m in Schema.RootElement.GetProperty("methods").EnumerateArray().Where(m => m.GetProperty("class").GetString() == cls))
            {
                var name = m.GetProperty("method").GetString()!;
                if (!seen.Add(name))
                {
                    continue; // the most derived declaration wins
                }

                result.Add(new JsonObject
                {
                    ["name"] = name,
                    ["parameters"] = new JsonArray(m.GetProperty("parameters").EnumerateArray().Select(p => (JsonNode)new JsonObject
                    {
                        ["n"] = p.GetProperty("name").GetString(),
                        ["t"] = CimType(p.GetProperty("type").GetString()!) + (p.GetProperty("array").GetBoolean() ? "Array" : ""),
                    }).ToArray()),
                });
            }
        }

        return result;
    }

    private static string? Superclass(string className) =>
        Schema.RootElement.GetProperty("classes").TryGetProperty(className, out var c) && c.GetProperty("superclass").ValueKind == JsonValueKind.String
            ? c.GetProperty("superclass").GetString() : null;

    private static string CimType(string schemaType) => schemaType switch
    {
        _ when schemaType.EndsWith(" REF", StringComparison.Ordinal) => "Reference",
        "string" => "String",
        "boolean" => "Boolean",
        "datetime" => "DateTime",
        "uint8" => "UInt8",
        "uint16" => "UInt16",
        "uint32" => "UInt32",
        "uint64" => "UInt64",
        "sint32" => "SInt32",
        _ => "Instance", // a class name: an embedded instance (e.g. Msvm_SummaryInformationBase)
    };
}
