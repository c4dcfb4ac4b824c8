using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using HvCert.HyperV.Cim;

namespace HvCert.Tests.HyperV.Twin;

/// <summary>
/// Property and method signatures from Microsoft's Hyper-V WMI v2 reference, as extracted mechanically into
/// Samples/hyperv-schema/hyperv-v2-schema.trimmed.json (its README says how). Inherited properties come from the superclass
/// chain. Every check answers with a text naming class, method and property, or null when the value is acceptable.
/// </summary>
internal sealed partial class TwinSchema
{
    public sealed record Property(string Name, string Type, bool IsArray)
    {
        public bool IsReference => Type.EndsWith(" REF", StringComparison.Ordinal);
    }

    public sealed record Parameter(string Name, string Direction, string Type, bool IsArray)
    {
        public bool IsIn => Direction is "in" or "inout";
    }

    private static readonly Lazy<TwinSchema> Shared = new(() => new TwinSchema(Path.Combine(RepoPaths.Samples, "hyperv-schema", "hyperv-v2-schema.trimmed.json")));

    private readonly Dictionary<string, (string? Super, List<Property> Own)> classes = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<(string, string), List<Parameter>> methods = new();

    public static TwinSchema Instance => Shared.Value;

    private TwinSchema(string file)
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(file));
        foreach (var c in doc.RootElement.GetProperty("classes").EnumerateObject())
        {
            var super = c.Value.GetProperty("superclass").ValueKind == JsonValueKind.String ? c.Value.GetProperty("superclass").GetString() : null;
            var own = c.Value.GetProperty("properties").EnumerateArray()
                .Select(p => new Property(p.GetProperty("name").GetString()!, p.GetProperty("type").GetString()!.ToLowerInvariant().Replace(" ref", " REF", StringComparison.Ordinal), p.GetProperty("array").GetBoolean()))
                .ToList();
            classes[c.Name] = (super, own);
        }

        foreach (var m in doc.RootElement.GetProperty("methods").EnumerateArray())
        {
            methods[(m.GetProperty("class").GetString()!.ToLowerInvariant(), m.GetProperty("method").GetString()!.ToLowerInvariant())] = m.GetProperty("parameters").EnumerateArray()
                .Select(p => new Parameter(p.GetProperty("name").GetString()!, p.GetProperty("direction").GetString()!, p.GetProperty("type").GetString()!.ToLowerInvariant().Replace(" ref", " REF", StringComparison.Ordinal), p.GetProperty("array").GetBoolean()))
                .ToList();
        }

        foreach (var (key, parameters) in Supplement)
        {
            methods.TryAdd((key.Class.ToLowerInvariant(), key.Method.ToLowerInvariant()), parameters);
        }
    }

    /// <summary>
    /// Methods the mechanical extraction missed (their pages have no syntax block it could read). Signatures typed from the
    /// pages themselves: msvm-computersystem-injectnonmaskableinterrupt.md and msvm-guestfileservice-copyfilestoguest.md.
    /// </summary>
    private static readonly Dictionary<(string Class, string Method), List<Parameter>> Supplement = new()
    {
        [("Msvm_ComputerSystem", "InjectNonMaskableInterrupt")] = [new("Job", "out", "CIM_ConcreteJob REF", false)],
        [("Msvm_GuestFileService", "CopyFilesToGuest")] = [new("CopyFileToGuestSettings", "in", "string", true), new("Job", "out", "CIM_ConcreteJob REF", false)],
    };

    public bool Knows(string className) => classes.ContainsKey(className);

    /// <summary>All properties of a class, own ones overriding inherited ones; null for a class the reference does not describe.</summary>
    public IReadOnlyDictionary<string, Property>? Properties(string className)
    {
        if (!classes.ContainsKey(className))
        {
            return null;
        }

        var result = new Dictionary<string, Property>(StringComparer.OrdinalIgnoreCase);
        for (var name = className; name is not null && classes.TryGetValue(name, out var c); name = c.Super)
        {
            foreach (var p in c.Own)
            {
                result.TryAdd(p.Name, p);
            }
        }

        return result;
    }

    /// <summary>The parameters of a method, looked up on the class and then up its superclass chain.</summary>
    public IReadOnlyList<Parameter>? Method(string className, string method)
    {
        for (var name = className; name is not null; name = classes.TryGetValue(name, out var c) ? c.Super : null)
        {
            if (methods.TryGetValue((name.ToLowerInvariant(), method.ToLowerInvariant()), out var found))
            {
                return found;
            }
        }

        return null;
    }

    /// <summary>Checks an embedded instance against its class: every property known, its type, its array-ness and its value text.</summary>
    public string? CheckInstance(CimInstanceData instance)
    {
        var props = Properties(instance.ClassName);
        if (props is null)
        {
            return $"class {instance.ClassName} is not a class of root\\virtualization\\v2";
        }

        foreach (var (name, value) in instance.Properties)
        {
            if (!props.TryGetValue(name, out var declared))
            {
                return $"{instance.ClassName} has no property {name}";
            }

            if (CheckValue(declared.Type, declared.IsArray, value) is { } problem)
            {
                return $"{instance.ClassName}.{name}: {problem}";
            }
        }

        return null;
    }

    /// <summary>The value against a declared CIM type: kind, array-ness, and whether every item parses as that type.</summary>
    public static string? CheckValue(string type, bool isArray, CimValue value)
    {
        var reference = type.EndsWith(" REF", StringComparison.Ordinal);
        var expected = reference ? "reference" : type;
        var actual = CimValue.KindName(value.Kind);
        if (actual != expected)
        {
            return $"declared {expected}{(isArray ? "[]" : "")}, sent {actual}{(value.IsArray ? "[]" : "")}";
        }

        if (isArray != value.IsArray)
        {
            return isArray ? $"declared {type}[] (an array), sent a scalar" : $"declared scalar {type}, sent an array";
        }

        return reference ? null : value.Items.Where(i => i is not null).Select(i => CheckText(type, i!)).FirstOrDefault(p => p is not null);
    }

    private static string? CheckText(string type, string text)
    {
        var ok = type switch
        {
            "uint8" => byte.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out _),
            "uint16" => ushort.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out _),
            "uint32" => uint.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out _),
            "uint64" => ulong.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out _),
            "sint8" => sbyte.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _),
            "sint16" => short.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _),
            "sint32" => int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _),
            "sint64" => long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _),
            "real32" or "real64" => double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out _),
            "boolean" => text is "true" or "false" or "TRUE" or "FALSE",
            "char16" => text.Length == 1,
            // DSP0004 §5.2.4: yyyymmddHHMMSS.mmmmmmsUUU (timestamp) or ddddddddHHMMSS.mmmmmm:000 (interval).
            "datetime" => CimDateTime().IsMatch(text),
            _ => true,
        };
        return ok ? null : $"'{text}' is not a valid {type}";
    }

    [GeneratedRegex(@"^(\d{14}\.\d{6}[+-]\d{3}|\d{14}\.\d{6}:000)$")]
    private static partial Regex CimDateTime();
}
