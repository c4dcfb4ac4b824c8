using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using HvCert.HyperV.Cim;

namespace HvCert.HyperV.Ssh;

/// <summary>
/// The JSON the host server script (HostServer.ps1) speaks. Every value travels with its explicit CIM type name (MMI's
/// <c>CimType</c>: <c>UInt8</c>, <c>UInt16Array</c>, <c>Reference</c>, <c>Instance</c>...) and invariant text, so a uint8
/// stays a uint8 both ways. Answers are mapped to the gateway's records exactly as <see cref="Mmi.MmiValues"/> maps MMI objects.
/// </summary>
internal static class CimWire
{
    public static JsonObject Ref(CimRef reference)
    {
        var keys = new JsonObject();
        foreach (var (name, value) in reference.Keys)
        {
            keys[name] = value;
        }

        return new JsonObject { ["ns"] = reference.Namespace, ["c"] = reference.ClassName, ["k"] = keys };
    }

    public static JsonObject Value(string name, CimValue value, bool isKey = false)
    {
        // An empty array is an array (MMI sends string[0]), not a null: IsNull says both, so arrays are never sent as null.
        var wire = new JsonObject { ["n"] = name, ["t"] = TypeName(value), ["key"] = isKey, ["isnull"] = !value.IsArray && value.IsNull };
        if (value.Kind == CimKind.Reference)
        {
            wire["r"] = new JsonArray(value.References.Select(r => (JsonNode)Ref(r)).ToArray());
        }
        else
        {
            wire["v"] = new JsonArray(value.Items.Select(i => (JsonNode?)(i is null ? null : JsonValue.Create(i))).ToArray());
        }

        return wire;
    }

    /// <summary>The CIM type a value is sent as (the MMI <c>CimType</c> name the server casts to).</summary>
    public static string TypeName(CimValue value)
    {
        var scalar = value.Kind switch
        {
            CimKind.Boolean => "Boolean",
            CimKind.UInt8 => "UInt8",
            CimKind.UInt16 => "UInt16",
            CimKind.UInt32 => "UInt32",
            CimKind.UInt64 => "UInt64",
            CimKind.SInt32 => "SInt32",
            CimKind.SInt64 => "SInt64",
            CimKind.DateTime => "DateTime",
            CimKind.Reference => "Reference",
            _ => "String",
        };
        return value.IsArray ? scalar + "Array" : scalar;
    }

    public static CimInstanceData Instance(JsonElement wire)
    {
        var props = new Dictionary<string, CimValue>(StringComparer.OrdinalIgnoreCase);
        foreach (var p in Items(wire, "p"))
        {
            props[Text(p, "n")] = Value(p);
        }

        var ns = wire.TryGetProperty("ns", out var n) && n.ValueKind == JsonValueKind.String ? n.GetString()!.Replace('/', '\\') : CimRef.VirtualizationV2;
        return new CimInstanceData(Text(wire, "c"), props, ns);
    }

    /// <summary>As MMI's ToRef: the properties flagged Key (non-null), else the documented keys of the class.</summary>
    public static CimRef RefOf(JsonElement wire)
    {
        var data = Instance(wire);
        var keys = Items(wire, "p")
            .Where(p => p.TryGetProperty("key", out var k) && k.ValueKind == JsonValueKind.True && data[Text(p, "n")] is { IsNull: false })
            .ToDictionary(p => Text(p, "n"), p => data[Text(p, "n")]!.Text!, StringComparer.OrdinalIgnoreCase);
        return new CimRef(data.Namespace, data.ClassName, keys.Count > 0 ? keys : data.Ref.Keys.ToDictionary(k => k.Key, k => k.Value, StringComparer.OrdinalIgnoreCase));
    }

    /// <summary>One typed value from the host, mapped as MMI's ToValue maps a (CimType, value) pair.</summary>
    public static CimValue Value(JsonElement wire)
    {
        var type = Text(wire, "t");
        var kind = KindOf(type);
        var isArray = type.EndsWith("Array", StringComparison.Ordinal);
        var isNull = wire.TryGetProperty("isnull", out var n) && n.ValueKind == JsonValueKind.True;
        if (type.StartsWith("Reference", StringComparison.Ordinal) || type.StartsWith("Instance", StringComparison.Ordinal))
        {
            var instances = Items(wire, "i").ToList();
            if (isNull || (!isArray && instances.Count == 0))
            {
                return CimValue.Null(kind);
            }

            return type switch
            {
                "Instance" => CimValue.Of(CimXml.Write(Instance(instances[0]))),
                "InstanceArray" => CimValue.Strings(instances.Select(i => CimXml.Write(Instance(i))).ToArray()),
                "Reference" => CimValue.Ref(RefOf(instances[0])),
                _ => CimValue.Refs(instances.Select(RefOf).ToArray()),
            };
        }

        var items = Items(wire, "v").Select(v => v.ValueKind == JsonValueKind.Null ? null : v.GetString()).ToList();
        if (isNull || (!isArray && (items.Count == 0 || items[0] is null)))
        {
            return CimValue.Null(kind);
        }

        return isArray ? new CimValue(kind, true, items, []) : new CimValue(kind, false, [items[0]], []);
    }

    public static CimMethodResult MethodResult(JsonElement wire)
    {
        var rv = wire.TryGetProperty("rv", out var r) && r.ValueKind == JsonValueKind.String ? r.GetString() : null;
        var outs = Items(wire, "out").ToDictionary(o => Text(o, "n"), Value, StringComparer.OrdinalIgnoreCase);
        return new CimMethodResult(rv is null ? 0 : uint.Parse(rv, NumberStyles.None, CultureInfo.InvariantCulture), outs);
    }

    // MMI's KindOf: a CimType name (with or without "Array") to the gateway's kind; types the gateway has no kind for read as string.
    private static CimKind KindOf(string type) => type.Replace("Array", "", StringComparison.Ordinal) switch
    {
        "Boolean" => CimKind.Boolean,
        "UInt8" => CimKind.UInt8,
        "UInt16" => CimKind.UInt16,
        "UInt32" => CimKind.UInt32,
        "UInt64" => CimKind.UInt64,
        "SInt32" => CimKind.SInt32,
        "SInt64" => CimKind.SInt64,
        "DateTime" => CimKind.DateTime,
        "Reference" => CimKind.Reference,
        _ => CimKind.String,
    };

    private static string Text(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString()!
            : throw new FormatException($"'{name}' missing in {Cut(e.GetRawText())}");

    private static IEnumerable<JsonElement> Items(JsonElement e, string name) =>
        !e.TryGetProperty(name, out var v) || v.ValueKind == JsonValueKind.Null ? []
            : v.ValueKind == JsonValueKind.Array ? v.EnumerateArray() : [v]; // Windows PowerShell may flatten one-item arrays

    private static string Cut(string text) => text.Length <= 200 ? text : text[..200] + "...";
}
